import { sections, Shell } from '../components/shell';
import { Empty } from '../components/states';
import { useDashboard } from '../lib/context';
import { useRoute } from '../lib/router';
import { Attribution } from './attribution';
import { Buyers } from './buyers';
import { CallDetailPage } from './call-detail';
import { Calls } from './calls';
import { Flows } from './flows';
import { Install } from './install';
import { Live } from './live';
import { Numbers } from './numbers';
import { Overview } from './overview';
import { Publishers } from './publishers';
import { Settings } from './settings';

/** Picks the page for the address bar's route; a page the key may not see says so. */
export function Pages() {
  const { me } = useDashboard();
  const { path, query } = useRoute();
  const [section = 'overview', id] = path;
  const known = sections.find((s) => s.id === section);
  if (!known) return <Overview />;
  if (!known.roles.includes(me.role)) {
    return (
      <Shell current={section} title={known.label} filters={false}>
        <Empty title="Not available with this key">Sign in with an admin or viewer key to see this page.</Empty>
      </Shell>
    );
  }
  switch (section) {
    case 'attribution':
      return <Attribution query={query} />;
    case 'calls':
      return id ? <CallDetailPage id={id} /> : <Calls query={query} />;
    case 'publishers':
      return <Publishers />;
    case 'buyers':
      return <Buyers />;
    case 'flows':
      return <Flows />;
    case 'live':
      return <Live />;
    case 'numbers':
      return <Numbers />;
    case 'install':
      return <Install />;
    case 'settings':
      return <Settings tab={id} />;
    default:
      return <Overview />;
  }
}
