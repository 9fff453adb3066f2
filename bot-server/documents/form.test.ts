import { DocumentError } from './errors';
import { componentsOf, readForm } from './form';
import { parseKind, parseStage, parseUrgency } from './stages';
import { checkTemplate } from './templates';

describe('reading an approval form', () => {
  it('reads the usual labels, a select field as JSON, and keeps every value', () => {
    const form = readForm(
      [
        { name: '文件标题', value: '关于做好防汛工作的通知' },
        { name: '来文字号', value: '市政办发〔2026〕8号' },
        { name: '来文机关', value: '市政府办公室' },
        { name: '紧急程度', value: '["特急"]' },
        { name: '密级', value: '秘密' },
        { name: '附件', value: '' },
      ],
      'incoming',
    );
    expect(form).toMatchObject({
      title: '关于做好防汛工作的通知',
      docNumber: '市政办发〔2026〕8号',
      issuingOrg: '市政府办公室',
      urgency: 'extra_urgent',
      securityLevel: '秘密',
      problems: [],
    });
    expect(form.values).toEqual({
      文件标题: '关于做好防汛工作的通知',
      来文字号: '市政办发〔2026〕8号',
      来文机关: '市政府办公室',
      紧急程度: '特急',
      密级: '秘密',
      附件: '',
    });
    expect(readForm(componentsOf(form.values), 'incoming')).toMatchObject({ urgency: 'extra_urgent', problems: [] });
  });

  it('keeps a field DingTalk names after a built-in name, such as __proto__, as any other field', () => {
    const form = readForm(
      [
        { name: '__proto__', value: '备注一' },
        { name: 'constructor', value: '备注二' },
        { name: '文号', value: '区政办发〔2026〕3号' },
      ],
      'incoming',
    );
    expect(Object.entries(form.values)).toEqual([
      ['__proto__', '备注一'],
      ['constructor', '备注二'],
      ['文号', '区政办发〔2026〕3号'],
    ]);
    expect(form.docNumber).toBe('区政办发〔2026〕3号');
  });

  it("takes a template's own labels and a component's bizAlias", () => {
    const form = readForm(
      [
        { name: '收文编号', value: '收〔2026〕101号' },
        { name: '单位', value: '市财政局', bizAlias: 'issuingOrg' },
        { name: '缓急', value: '加急' },
      ],
      'incoming',
      { 收文编号: 'docNumber' },
    );
    expect(form).toMatchObject({
      docNumber: '收〔2026〕101号',
      issuingOrg: '市财政局',
      urgency: 'urgent',
      problems: [],
    });
  });

  it('says what is missing or unreadable, in Chinese, and counts an unreadable urgency as 平件', () => {
    expect(readForm([{ name: '标题', value: 'x' }], 'incoming').problems).toEqual([
      '表单缺少「文号」',
      '表单缺少「来文单位」',
      '表单缺少「紧急程度」',
    ]);
    expect(readForm([{ name: '紧急程度', value: '平件' }], 'outgoing').problems).toEqual([]);
    const odd = readForm([{ name: '紧急程度', value: '十万火急' }], 'outgoing');
    expect(odd).toMatchObject({ urgency: 'normal', problems: ['紧急程度「十万火急」无法识别，按平件计'] });
  });

  it('cuts values longer than the columns rather than failing on MariaDB', () => {
    const form = readForm([{ name: '文号', value: '号'.repeat(150) }], 'outgoing');
    expect(form.docNumber).toHaveLength(100);
  });
});

describe('stage, kind and urgency words', () => {
  it('reads Chinese and English', () => {
    expect([parseStage('拟办'), parseStage('sign'), parseStage('审批')]).toEqual(['propose', 'sign', undefined]);
    expect([parseKind('收文'), parseKind('outgoing'), parseKind('函')]).toEqual(['incoming', 'outgoing', undefined]);
    expect(['特提', '急件', '', '平急', '？'].map(parseUrgency)).toEqual([
      'extra_urgent',
      'urgent',
      'normal',
      'normal',
      undefined,
    ]);
  });
});

describe('checking a template', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof DocumentError) return [err.code, err.messageZh];
      throw err;
    }
    throw new Error('not refused');
  };

  it('turns Chinese names into stages', () => {
    expect(
      checkTemplate('PROC-1', { name: '收文', kind: '收文', stageMap: { 'node-1': '拟办', 领导: '批办' } }),
    ).toEqual({
      name: '收文',
      kind: 'incoming',
      stageMap: { 'node-1': 'propose', 领导: 'instruct' },
      formFields: null,
    });
  });

  it('refuses stages of the other kind, a template without its decisive stage, and bad codes', () => {
    expect(refusal(() => checkTemplate('PROC-1', { name: 'x', kind: '收文', stageMap: { a: '签发' } }))).toEqual([
      'invalid_stage',
      '审批节点「a」对应的环节「签发」无效：收文可选拟办、批办、承办',
    ]);
    expect(refusal(() => checkTemplate('PROC-1', { name: 'x', kind: '收文', stageMap: { a: '承办' } }))).toEqual([
      'missing_stage',
      '收文模板须有审批节点对应「拟办」环节，拟办呈送时限以此为准',
    ]);
    expect(refusal(() => checkTemplate('PROC 1', { name: 'x', kind: '收文', stageMap: { a: '拟办' } }))[0]).toBe(
      'invalid_process_code',
    );
  });
});
