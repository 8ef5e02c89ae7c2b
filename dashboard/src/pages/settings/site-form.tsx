import type { Site } from '../../lib/types';
import { defaultTimeZone, timeZones } from '../../lib/zones';

/** The body of POST /v1/sites or PATCH /v1/sites/{id} from the site form's fields. */
export function siteFields(data: FormData) {
  const domains = String(data.get('domains') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  return { name: data.get('name'), domains, country: data.get('country'), timezone: data.get('timezone') };
}

/** The fields of a site, empty for a new one or filled with `site`'s to edit it. */
export function SiteFormFields({ site }: { site?: Site }) {
  const zone = site?.timezone ?? defaultTimeZone();
  return (
    <>
      <label class="field">
        <span>Name</span>
        <input name="name" required maxLength={200} placeholder="Acme Plumbing" defaultValue={site?.name} />
      </label>
      <label class="field">
        <span>Domains</span>
        <input name="domains" required placeholder="acmeplumbing.com, www.acmeplumbing.com" defaultValue={site?.domains.join(', ')} />
      </label>
      <label class="field">
        <span>Country</span>
        <input name="country" required maxLength={2} minLength={2} defaultValue={site?.country ?? 'US'} />
      </label>
      <label class="field">
        <span>Time zone</span>
        {/* Preact sets a select's value after its options (a `defaultValue` would leave the first zone chosen). */}
        <select name="timezone" value={zone}>
          {(timeZones.includes(zone) ? timeZones : [zone, ...timeZones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
