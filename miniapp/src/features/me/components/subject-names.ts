/** What a deadline is about, as the office says it. */
export const SUBJECT_NAMES: Record<string, string> = {
  document: '公文办理',
  document_step: '公文审批环节',
  matter: '督办事项',
  matter_period: '督办事项月度进展报送',
  meeting_attendee: '会议回执',
  extension_request: '延期申请审批',
};

export const SEND_STATUS: Record<string, { text: string; color: 'default' | 'primary' | 'success' | 'danger' }> = {
  pending: { text: '待发送', color: 'default' },
  sending: { text: '发送中', color: 'primary' },
  sent: { text: '已发送', color: 'success' },
  failed: { text: '发送失败', color: 'danger' },
  cancelled: { text: '已取消', color: 'default' },
};

/** A link in a reminder, as a page of the mini-app when it is one (`…/m/matter/12` → `/m/matter/12`). */
export function appPathOf(url: string | null): string | null {
  if (!url) return null;
  const at = url.indexOf('/m/');
  return at >= 0 ? url.slice(at) : null;
}
