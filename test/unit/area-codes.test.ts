import { describe, expect, it } from 'vitest';
import { regionsOfAreaCode } from '../../collector/domain/area-codes';

// Expected values from NANPA's NPA database, npa_report.csv dated 11/26/2025 (copy in
// github.com/taus9/trim-npa-report): the LOCATION column of each code, with its in-service
// date where the code is recent.
const fromNanpa: [code: string, regions: string[], note: string][] = [
  // Overlays placed in service 2020–2025
  ['326', ['OH'], '937 overlay, 2020'],
  ['945', ['TX'], '214/469/972 overlay, 2021'],
  ['448', ['FL'], '850 overlay, 2021'],
  ['572', ['OK'], '405 overlay, 2021'],
  ['656', ['FL'], '813 overlay, 2022'],
  ['983', ['CO'], '303/720 overlay, 2022'],
  ['943', ['GA'], 'Atlanta overlay, 2022'],
  ['472', ['NC'], '910 overlay, 2022'],
  ['835', ['PA'], '484/610 overlay, 2022'],
  ['350', ['CA'], '209 overlay, 2022'],
  ['557', ['MO'], '314 overlay, 2022'],
  ['369', ['CA'], '707 overlay, 2023'],
  ['861', ['IL'], '309 overlay, 2023'],
  ['728', ['FL'], '561 overlay, 2023'],
  ['645', ['FL'], '305/786 overlay, 2023'],
  ['227', ['MD'], '240/301 overlay, 2023'],
  ['324', ['FL'], '904 overlay, 2024'],
  ['235', ['MO'], '573 overlay, 2024'],
  ['738', ['CA'], '213/323 overlay, 2024'],
  ['621', ['TX'], 'Houston overlay, January 2025'],
  ['837', ['CA'], '530 overlay, January 2025'],
  ['357', ['CA'], '559 overlay, March 2025'],
  ['748', ['CO'], '970 overlay, July 2025'],
  ['729', ['TN'], '423 overlay, September 2025'],
  ['457', ['LA'], '318 overlay, September 2025'],
  ['679', ['MI'], '313 overlay, November 2025'],
  // Assigned, in service after the report's date
  ['471', ['MS'], '662 overlay, January 2026'],
  ['483', ['AL'], '334 overlay, February 2026'],
  ['465', ['NY'], '718/347/929/917 overlay, June 2026'],
  // Long-standing codes
  ['212', ['NY'], 'Manhattan'],
  ['202', ['DC'], 'District of Columbia'],
  ['771', ['DC'], 'District of Columbia overlay'],
  ['907', ['AK'], 'Alaska'],
  ['808', ['HI'], 'Hawaii'],
  // US territories
  ['787', ['PR'], 'Puerto Rico'],
  ['939', ['PR'], 'Puerto Rico overlay'],
  ['340', ['VI'], 'US Virgin Islands'],
  ['671', ['GU'], 'Guam'],
  ['670', ['MP'], 'Northern Mariana Islands'],
  ['684', ['AS'], 'American Samoa'],
  // Canada
  ['416', ['ON'], 'Toronto'],
  ['942', ['ON'], 'Toronto overlay, 2025'],
  ['753', ['ON'], '613/343 overlay, 2022'],
  ['382', ['ON'], '519 overlay, 2023'],
  ['263', ['QC'], '514/438 overlay, 2022'],
  ['468', ['QC'], '819/873 overlay, 2022'],
  ['368', ['AB'], 'Alberta overlay, 2022'],
  ['257', ['BC'], 'British Columbia overlay, 2025'],
  ['474', ['SK'], 'Saskatchewan overlay, 2021'],
  ['584', ['MB'], 'Manitoba overlay, 2022'],
  ['428', ['NB'], 'New Brunswick overlay, 2023'],
  ['879', ['NL'], 'Newfoundland and Labrador overlay, 2024'],
  ['902', ['NS', 'PE'], 'Nova Scotia – Prince Edward Island'],
  ['782', ['NS', 'PE'], 'Nova Scotia – Prince Edward Island overlay'],
  ['867', ['YT', 'NT', 'NU'], 'Yukon – Northwest Territories – Nunavut'],
];

// Codes that must give no region: non-geographic (USE=N) in the report, N11 service codes,
// Caribbean countries sharing +1, and codes that are reserved or unassigned.
const noRegion: [code: string, why: string][] = [
  ['800', 'toll-free'], ['833', 'toll-free'], ['844', 'toll-free'], ['855', 'toll-free'],
  ['866', 'toll-free'], ['877', 'toll-free'], ['888', 'toll-free'], ['822', 'toll-free, not yet in service'],
  ['900', 'premium services'], ['700', 'interexchange carrier services'], ['710', 'US government'],
  ['500', '5XX non-geographic'], ['521', '5XX non-geographic'], ['533', '5XX non-geographic'],
  ['544', '5XX non-geographic'], ['566', '5XX non-geographic'], ['577', '5XX non-geographic'],
  ['588', '5XX non-geographic'], ['538', '5XX non-geographic, 2025'],
  ['600', 'Canadian non-geographic'], ['622', 'Canadian non-geographic'], ['633', 'Canadian non-geographic'],
  ['211', 'N11'], ['311', 'N11'], ['411', 'N11'], ['511', 'N11'], ['611', 'N11'], ['711', 'N11'], ['811', 'N11'], ['911', 'N11'],
  ['555', 'directory assistance'], ['950', 'carrier access'], ['988', 'crisis line'],
  ['809', 'Dominican Republic'], ['876', 'Jamaica'], ['242', 'Bahamas'], ['441', 'Bermuda'], ['868', 'Trinidad and Tobago'],
  ['387', 'reserved for Canada, not assigned'], ['824', 'reserved, not assigned'], ['836', 'not assigned'],
  ['627', 'reserved, not assigned'], ['935', 'reserved, not assigned'], ['299', 'N9X expansion code'],
];

describe('area codes (NANPA NPA database, 11/26/2025)', () => {
  it.each(fromNanpa)('%s is %j (%s)', (code, regions) => {
    expect([...regionsOfAreaCode(code)].sort()).toEqual([...regions].sort());
  });

  it.each(noRegion)('%s has no region (%s)', (code) => {
    expect(regionsOfAreaCode(code)).toEqual([]);
  });

  it('maps only codes that can be geographic, each to known regions', () => {
    const provinces = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'PE', 'ON', 'QC', 'SK', 'YT', 'NT', 'NU'];
    const states = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU MP AS'.split(' ');
    const known = new Set([...states, ...provinces]);
    const mapped: string[] = [];
    for (let n = 200; n <= 999; n++) {
      const code = String(n);
      const regions = regionsOfAreaCode(code);
      if (regions.length === 0) continue;
      mapped.push(code);
      expect(code[1], `${code}: N9X codes are kept for expansion`).not.toBe('9');
      expect(code[2], `${code}: easily recognizable codes (toll-free, 5XX, N11…) are not geographic`).not.toBe(code[1]);
      for (const region of regions) expect(known.has(region), `${code}: ${region}`).toBe(true);
    }
    // The report lists 436 such codes (430 in service on its date, 6 assigned for later).
    expect(mapped).toHaveLength(436);
  });
});
