import { render } from 'preact';
import { App } from './app';
import './styles.css';

// Routes live in the hash; a path such as /dashboard/calls (a bookmark, a typed address)
// is turned into its hash route before the app reads it.
const base = import.meta.env.BASE_URL;
if (!location.hash && location.pathname.startsWith(base) && location.pathname.length > base.length) {
  history.replaceState(null, '', `${base}#/${location.pathname.slice(base.length)}${location.search}`);
}

render(<App />, document.getElementById('app')!);
