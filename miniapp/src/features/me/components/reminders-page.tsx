import { usePageTitle } from '@/hooks/use-page-title';
import { RemindersSection } from './reminders-section';

/** 我的提醒, where the bot's digest message links to. */
export function RemindersPage() {
  usePageTitle('我的提醒');
  return (
    <div className="page reminders-page">
      <RemindersSection />
    </div>
  );
}
