/** Where a supervision matter comes from (督办事项来源), with its name, in the server's order (entities MATTER_SOURCES). */
export const SOURCES = [
  ['key_work', '重点工作'],
  ['leader_instruction', '领导批示'],
  ['meeting_decision', '会议议定事项'],
  ['npc_suggestion', '人大代表建议'],
  ['cppcc_proposal', '政协委员提案'],
  ['petition', '信访交办'],
  ['netizen_message', '网民留言'],
  ['commissioned_article', '约稿'],
] as const;
