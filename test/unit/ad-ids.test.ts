import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { adIdFields, newAdIds } from '../../collector/domain/ad-ids';

const parse = (body: object) => z.object(adIdFields).parse(body);

describe('the ad platforms’ browser ids as the session and ping bodies take them', () => {
  it.each([
    ['a _ga cookie', { ga: 'GA1.1.1234567890.1700000000' }, { ga: '1234567890.1700000000' }],
    ['a _ga cookie of a deeper domain', { ga: 'GA1.2.987654321.1699999999' }, { ga: '987654321.1699999999' }],
    ['a bare client id', { ga: '1234567890.1700000000' }, { ga: '1234567890.1700000000' }],
    ['_fbp', { fbp: 'fb.1.1596403881668.1116446470' }, { fbp: 'fb.1.1596403881668.1116446470' }],
    ['_fbc', { fbc: 'fb.1.1554763741205.IwAR2F4-dbP0l7Mn_x' }, { fbc: 'fb.1.1554763741205.IwAR2F4-dbP0l7Mn_x' }],
  ])('keeps %s', (_, body, kept) => {
    expect(parse(body)).toEqual(kept);
  });

  it.each([
    ['a Universal Analytics cookie of letters', { ga: 'GA1.1.abc.def' }],
    ['a _ga cookie past 64 characters', { ga: `GA1.1.${'1'.repeat(60)}.1` }],
    ['an _fbp of another kind', { fbp: 'fb.1.1596403881668.abc' }],
    ['an _fbp without its time', { fbp: 'fb.1..1116446470' }],
    ['an _fbc with markup', { fbc: 'fb.1.1554763741205.<script>' }],
    ['an _fbc past 540 characters', { fbc: `fb.1.1554763741205.${'a'.repeat(530)}` }],
    ['a number', { ga: 1234567890.17 }],
    ['an empty cookie', { fbp: '' }],
  ])('drops %s, without failing the body', (_, body) => {
    expect(Object.values(parse(body)).filter((v) => v !== undefined)).toEqual([]);
  });
});

describe('newAdIds', () => {
  const held = { gaClientId: '1.2', fbp: 'fb.1.1596403881668.1', fbc: null };
  it('names only the ids that are new or changed', () => {
    expect(newAdIds(held, {})).toEqual({});
    expect(newAdIds(held, { ga: '1.2', fbp: 'fb.1.1596403881668.1' })).toEqual({});
    expect(newAdIds(held, { ga: '3.4', fbc: 'fb.1.1554763741205.x' })).toEqual({ gaClientId: '3.4', fbc: 'fb.1.1554763741205.x' });
  });
});
