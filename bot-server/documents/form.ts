import type { DocumentKind, JsonObject, Urgency } from '../../entities';
import { parseUrgency } from './stages';

/** The document fields an approval form can fill. */
export const FORM_FIELDS = ['title', 'docNumber', 'issuingOrg', 'urgency', 'securityLevel'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/**
 * Labels offices give these fields in their 审批 forms; a template's `formFields` (label → field) adds its own.
 * A component also matches when its `bizAlias` is the field's name.
 */
export const DEFAULT_FORM_LABELS: Record<FormField, readonly string[]> = {
  title: ['标题', '文件标题', '公文标题', '来文标题', '文件名称', '文件名'],
  docNumber: ['文号', '来文文号', '来文字号', '发文字号', '发文文号', '文件编号'],
  issuingOrg: ['来文单位', '来文机关', '来文机构', '发文机关', '发文单位'],
  urgency: ['紧急程度', '缓急程度', '缓急', '急缓程度'],
  securityLevel: ['密级', '秘密等级'],
};

/** What each kind of document is expected to carry; a missing one is a problem shown on the document. */
const EXPECTED_FIELDS: Record<DocumentKind, readonly FormField[]> = {
  incoming: ['docNumber', 'issuingOrg', 'urgency'],
  outgoing: ['urgency'],
};

/** Column widths of the document table: longer values are cut rather than refused by MariaDB. */
const MAX_LENGTH: Record<Exclude<FormField, 'urgency'>, number> = {
  title: 300,
  docNumber: 100,
  issuingOrg: 100,
  securityLevel: 16,
};

export interface FormComponent {
  name?: string;
  value?: string;
  bizAlias?: string;
}

export interface ReadForm {
  /** Every component, label → value, as stored in `document.form_values`. */
  values: JsonObject;
  title: string | null;
  docNumber: string | null;
  issuingOrg: string | null;
  urgency: Urgency;
  securityLevel: string | null;
  /** In Chinese, for the people who fix the form or the template. */
  problems: string[];
}

/** `["特急"]` (a select field's JSON) → `特急`; anything else as it is, trimmed. */
function plain(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed.join('、').trim();
    } catch {
      // not JSON: keep the text
    }
  }
  return text;
}

function fieldOf(component: FormComponent, labels: Map<string, FormField>): FormField | undefined {
  const alias = component.bizAlias?.trim();
  if (alias && (FORM_FIELDS as readonly string[]).includes(alias)) return alias as FormField;
  return labels.get((component.name ?? '').trim());
}

/** The label → field map in force: the defaults, then the template's own labels. */
export function labelMap(custom: Record<string, string> | null | undefined): Map<string, FormField> {
  const map = new Map<string, FormField>();
  for (const field of FORM_FIELDS) for (const label of DEFAULT_FORM_LABELS[field]) map.set(label, field);
  for (const [label, field] of Object.entries(custom ?? {})) {
    if ((FORM_FIELDS as readonly string[]).includes(field)) map.set(label.trim(), field as FormField);
  }
  return map;
}

/** Reads the document fields from an approval form (or the stored `form_values` of one). */
export function readForm(
  components: readonly FormComponent[],
  kind: DocumentKind,
  custom?: Record<string, string> | null,
): ReadForm {
  const labels = labelMap(custom);
  // By name in a Map first: a component DingTalk names `__proto__` is kept as a field like any other.
  const byName = new Map<string, string>();
  const found = new Map<FormField, string>();
  for (const component of components) {
    const name = (component.name ?? '').trim();
    const value = plain(component.value);
    if (name) byName.set(name, value);
    const field = fieldOf(component, labels);
    if (field && value !== '' && !found.has(field)) found.set(field, value);
  }
  const problems: string[] = [];
  for (const field of EXPECTED_FIELDS[kind]) {
    if (!found.has(field)) problems.push(`表单缺少「${DEFAULT_FORM_LABELS[field][0]}」`);
  }
  const urgencyText = found.get('urgency');
  let urgency: Urgency = 'normal';
  if (urgencyText !== undefined) {
    const parsed = parseUrgency(urgencyText);
    if (parsed) urgency = parsed;
    else problems.push(`紧急程度「${urgencyText}」无法识别，按平件计`);
  }
  const text = (field: Exclude<FormField, 'urgency'>) => found.get(field)?.slice(0, MAX_LENGTH[field]) ?? null;
  return {
    values: Object.fromEntries(byName) as JsonObject,
    title: text('title'),
    docNumber: text('docNumber'),
    issuingOrg: text('issuingOrg'),
    urgency,
    securityLevel: text('securityLevel'),
    problems,
  };
}

/** The stored `form_values` back as components, to read them again under a changed template. */
export function componentsOf(values: JsonObject | null): FormComponent[] {
  return Object.entries(values ?? {}).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : '' }));
}
