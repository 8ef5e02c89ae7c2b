import { Shell } from '../../components/shell';
import { AdPlatformSettings } from './ad-platforms';
import { ApiKeys } from './api-keys';
import { PostbackSettings } from './postbacks';
import { PrivacySettings } from './privacy';
import { PublisherSettings } from './publisher-settings';
import { RulesSettings } from './rules';
import { SiteSettings } from './sites';
import { WebhookSettings } from './webhooks';

const tabs = [
  { id: 'sites', label: 'Sites' },
  { id: 'rules', label: 'Qualification rules' },
  { id: 'publishers', label: 'Publishers' },
  { id: 'keys', label: 'API keys' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'postbacks', label: 'Postbacks' },
  { id: 'ad-platforms', label: 'Ad platforms' },
] as const;

export function Settings({ tab = 'sites' }: { tab?: string }) {
  const current = tabs.find((t) => t.id === tab) ?? tabs[0];
  return (
    <Shell current="settings" title="Settings" filters={false}>
      <nav class="tabs" aria-label="Settings">
        {tabs.map((t) => (
          <a key={t.id} href={`#/settings/${t.id}`} class={t.id === current.id ? 'active' : undefined} aria-current={t.id === current.id ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {current.id === 'sites' && <SiteSettings />}
      {current.id === 'rules' && <RulesSettings />}
      {current.id === 'publishers' && <PublisherSettings />}
      {current.id === 'keys' && <ApiKeys />}
      {current.id === 'privacy' && <PrivacySettings />}
      {current.id === 'webhooks' && <WebhookSettings />}
      {current.id === 'postbacks' && <PostbackSettings />}
      {current.id === 'ad-platforms' && <AdPlatformSettings />}
    </Shell>
  );
}
