import { Button, Card, Input, List, NoticeBar, Selector, Switch, Tag, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { type DocumentKind, listTemplatesToMap, saveTemplate, type TemplateToMap } from '../api/settings';
import { SaveFooter } from './save-footer';
import { SplitView } from './split-view';

const KINDS: { label: string; value: DocumentKind }[] = [
  { label: '收文', value: 'incoming' },
  { label: '发文', value: 'outgoing' },
];

/** The stages an approval node can stand for, by kind (拟办 and 签发 are required: the document's limit ends there). */
const NODE_STAGES: Record<DocumentKind, { label: string; value: string }[]> = {
  incoming: [
    { label: '拟办', value: 'propose' },
    { label: '批办', value: 'instruct' },
    { label: '承办', value: 'handle' },
  ],
  outgoing: [
    { label: '核稿', value: 'review' },
    { label: '签发', value: 'sign' },
    { label: '印发', value: 'issue' },
  ],
};

/** 审批模板: the corporation's approval templates, each mapped to 收文 or 发文 and its nodes to stages by picking. */
export function TemplatesPage() {
  usePageTitle('审批模板');
  const { code } = useParams();
  const navigate = useNavigate();
  // Set by 「从钉钉重新读取」 for the next load only: the server otherwise reuses DingTalk's answers for a minute.
  const refresh = useRef(false);
  const list = useRequest((signal) => {
    const fromDingTalk = refresh.current;
    refresh.current = false;
    return listTemplatesToMap(signal, fromDingTalk);
  }, []);
  const refreshFromDingTalk = () => {
    refresh.current = true;
    list.reload();
  };
  const selected = list.data?.templates.find((t) => t.processCode === code);
  return (
    <SplitView
      className="admin-templates"
      placeholder="请在左侧选择审批模板"
      onBack={() => navigate('/m/admin/templates')}
      detail={selected ? <TemplateForm key={selected.processCode} template={selected} onSaved={list.reload} /> : null}
      list={
        list.error && !list.data ? (
          <LoadFailed error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : (
          <>
            {list.data.notice ? (
              <NoticeBar className="admin-templates-notice" color="alert" wrap content={list.data.notice} />
            ) : null}
            {list.data.templates.length === 0 ? (
              <Empty text="尚无审批模板：请先在钉钉「审批」管理后台创建收文、发文模板" />
            ) : (
              <List
                mode="card"
                header={
                  <>
                    审批模板
                    <Button
                      className="admin-templates-refresh"
                      size="mini"
                      fill="none"
                      color="primary"
                      loading={list.loading}
                      onClick={refreshFromDingTalk}
                    >
                      从钉钉重新读取
                    </Button>
                  </>
                }
              >
                {list.data.templates.map((t) => (
                  <TemplateItem
                    key={t.processCode}
                    template={t}
                    onClick={() => navigate(`/m/admin/templates/${encodeURIComponent(t.processCode)}`)}
                  />
                ))}
              </List>
            )}
          </>
        )
      }
    />
  );
}

/** One template: its name (Duban's, else DingTalk's), its code and DingTalk's name when that differs, its state. */
function TemplateItem({ template: t, onClick }: { template: TemplateToMap; onClick: () => void }) {
  const alias = t.dingtalkName && t.dingtalkName !== t.name ? `钉钉中名为「${t.dingtalkName}」 · ` : '';
  return (
    <List.Item
      className="admin-template"
      data-code={t.processCode}
      onClick={onClick}
      description={`${alias}${t.processCode}`}
      extra={
        t.mapped ? (
          <Tag color={t.active ? 'primary' : 'default'} fill="outline">
            {t.kind === 'incoming' ? '收文' : '发文'}
            {t.active ? '' : '·停用'}
          </Tag>
        ) : (
          <Tag color="warning">未配置</Tag>
        )
      }
    >
      {t.name || t.dingtalkName || '（未命名）'}
    </List.Item>
  );
}

function TemplateForm({ template, onSaved }: { template: TemplateToMap; onSaved: () => void }) {
  const [name, setName] = useState(template.name);
  const [kind, setKind] = useState<DocumentKind | null>(template.kind);
  const [active, setActive] = useState(template.mapped ? template.active : true);
  const [stages, setStages] = useState<Record<string, string>>({ ...template.stageMap });
  const [nodes, setNodes] = useState(template.nodes);
  const [newNode, setNewNode] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const save = async () => {
    if (!name.trim()) return setFailure('请填写模板名称');
    if (!kind) return setFailure('请选择收文或发文');
    const allowed = new Set(NODE_STAGES[kind].map((s) => s.value));
    const stageMap = Object.fromEntries(Object.entries(stages).filter(([, stage]) => allowed.has(stage)));
    const ok = await run(() => saveTemplate(template.processCode, { name: name.trim(), kind, stageMap, active }));
    if (ok) {
      Toast.show({ icon: 'success', content: '模板已保存' });
      onSaved();
    }
  };
  return (
    <div className="admin-template-form">
      <Card title={template.processCode}>
        {template.note ? <p className="text-warning">{template.note}</p> : null}
        <List>
          <List.Item title="模板名称">
            <Input value={name} onChange={setName} placeholder="如 收文办理" maxLength={100} />
          </List.Item>
          <List.Item title="公文类别">
            <Selector
              options={KINDS}
              value={kind ? [kind] : []}
              onChange={(v) => setKind((v[0] as DocumentKind | undefined) ?? null)}
            />
          </List.Item>
          <List.Item extra={<Switch checked={active} onChange={setActive} />}>启用</List.Item>
        </List>
      </Card>
      <List mode="card" header="审批节点对应的办理环节" className="template-nodes">
        {nodes.length === 0 ? (
          <List.Item>未能从钉钉读取此模板的审批节点，请按钉钉中的节点名称添加，或稍后点「从钉钉重新读取」</List.Item>
        ) : null}
        {nodes.map((n) => (
          <List.Item key={n.key} data-node={n.key} title={n.name && n.name !== n.key ? `${n.name}（${n.key}）` : n.key}>
            {kind ? (
              <Selector
                options={NODE_STAGES[kind]}
                value={stages[n.key] ? [stages[n.key] as string] : []}
                onChange={(v) =>
                  setStages((s) => {
                    const next = { ...s };
                    if (v[0]) next[n.key] = v[0];
                    else delete next[n.key];
                    return next;
                  })
                }
              />
            ) : (
              <span className="muted">请先选择公文类别</span>
            )}
          </List.Item>
        ))}
        <List.Item
          extra={
            <Button
              size="small"
              disabled={!newNode.trim() || nodes.some((n) => n.key === newNode.trim())}
              onClick={() => {
                setNodes((list) => [...list, { key: newNode.trim(), name: null }]);
                setNewNode('');
              }}
            >
              添加
            </Button>
          }
        >
          <Input value={newNode} onChange={setNewNode} placeholder="按钉钉中的节点名称添加节点" maxLength={100} />
        </List.Item>
      </List>
      <SaveFooter failure={failure} busy={busy} text="保存模板" onSave={save} />
    </div>
  );
}
