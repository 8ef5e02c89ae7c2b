/** What the script tag asks for. */
export type Config = {
  site: string;
  /** The collector's origin (`https://collector.example`). */
  api: string;
  consentRequired: boolean;
};

/**
 * Reads the tag's attributes. Called once at load, because document.currentScript
 * is only set while the script first runs. Null when the tag names no site.
 */
export function readConfig(script: HTMLScriptElement | null): Config | null {
  const data = script?.dataset;
  if (!data?.site) return null;
  return {
    site: data.site,
    // A tag without data-api talks to wherever the script itself came from.
    api: new URL(data.api || script!.src).origin,
    consentRequired: data.consent == 'required',
  };
}
