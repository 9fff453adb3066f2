/**
 * Links that open an approval in DingTalk (docs/dingtalk.md §7.5, §5.4).
 *
 * The preferred URL is the one DingTalk gave: `url` of the `bpms_instance_change` event, or `tasks[].pcUrl` /
 * `mobileUrl` of the instance. Only when neither has arrived yet is the aflow URL built from the documented sample
 * format `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=…&procInstId=…&dinghash=approval#approval`
 * ([OD:development-data-format-help]); building it is not a documented contract, hence the last resort.
 */
export function aflowUrl(corpId: string, processInstanceId: string): string {
  return (
    `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=${encodeURIComponent(corpId)}` +
    `&dd_share=false&showmenu=true&dd_progress=false&back=native&procInstId=${encodeURIComponent(processInstanceId)}` +
    '&taskId=&dinghash=approval#approval'
  );
}

/** The DingTalk link that opens a URL inside the client (PC side panel), from the message builders. */
export { dingtalkPageLink } from '../dingtalk/messages';
