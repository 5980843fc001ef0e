import { describe, expect, it } from 'vitest';
import type { FeedSourceView } from '../types.js';
import {
  emptyFeedForm,
  feedFormFromView,
  feedPatch,
  feedUpdateBody,
  isValidLocation,
  megabytesText,
  parseDecimal,
  parseWholeNumber,
  readFeedForm,
} from './feedForm.js';

const stored: FeedSourceView = {
  id: 3,
  name: 'feodo',
  title: 'Feodo Tracker',
  location: 'https://feodotracker.abuse.ch/downloads/ipblocklist.csv',
  format: 'csv',
  csv: { value: 'dst_ip', family: 'malware', delimiter: '\t' },
  scheduleMinutes: 60,
  defaultThreatType: 'c2',
  defaultFamily: null,
  defaultConfidence: 80,
  expiryDays: 30,
  maxBytes: 1_500_000,
  enabled: true,
  etag: null,
  lastModified: null,
  lastRunAt: null,
  lastStatus: null,
  lastError: null,
  lastCount: null,
  listed: 0,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('number fields', () => {
  it('parses whole numbers within bounds, empty as null', () => {
    expect(parseWholeNumber(' 60 ', 5, 100)).toEqual({ ok: true, value: 60 });
    expect(parseWholeNumber('', 5, 100)).toEqual({ ok: true, value: null });
    expect(parseWholeNumber('4', 5, 100)).toEqual({ ok: false });
    expect(parseWholeNumber('6.5', 5, 100)).toEqual({ ok: false });
    expect(parseWholeNumber('-6', 5, 100)).toEqual({ ok: false });
  });
  it('parses decimals with a comma or a dot', () => {
    expect(parseDecimal('1,5', 1, 10)).toEqual({ ok: true, value: 1.5 });
    expect(parseDecimal('2.25', 1, 10)).toEqual({ ok: true, value: 2.25 });
    expect(parseDecimal('abc', 1, 10)).toEqual({ ok: false });
  });
  it('shows sizes in megabytes', () => {
    expect(megabytesText(200 * 1024 * 1024)).toBe('200');
    expect(megabytesText(1_500_000)).toBe('1.431');
  });
});

describe('isValidLocation', () => {
  it('accepts http(s) URLs and file paths, like the server', () => {
    expect(isValidLocation('https://example.org/feed.txt')).toBe(true);
    expect(isValidLocation('/var/feeds/a.txt')).toBe(true);
    expect(isValidLocation('./a.txt')).toBe(true);
    expect(isValidLocation('ftp://example.org/a')).toBe(false);
    expect(isValidLocation('feeds/a.txt')).toBe(false);
  });
});

describe('readFeedForm', () => {
  it('builds the input of a new source with its defaults', () => {
    const r = readFeedForm({ ...emptyFeedForm(), name: 'urlhaus', title: ' URLhaus ' });
    expect(r).toEqual({
      ok: true,
      input: {
        name: 'urlhaus',
        title: 'URLhaus',
        location: null,
        format: null,
        scheduleMinutes: null,
        defaultThreatType: null,
        defaultFamily: null,
        defaultConfidence: 50,
        expiryDays: 30,
        maxBytes: 200 * 1024 * 1024,
        enabled: true,
      },
    });
  });
  it('reports every invalid field', () => {
    const r = readFeedForm({
      ...emptyFeedForm(),
      name: 'Bad Name',
      title: '',
      location: 'ftp://x',
      scheduleMinutes: '2',
      defaultConfidence: '101',
      expiryDays: '',
      maxMegabytes: '0',
      format: 'csv',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      [
        'csv',
        'defaultConfidence',
        'expiryDays',
        'location',
        'maxBytes',
        'name',
        'scheduleMinutes',
        'title',
      ].sort(),
    );
    expect(r.errors.scheduleMinutes).toEqual({
      key: 'intel.feed.error.range',
      params: { min: 5, max: 10080 },
    });
  });
  it('keeps a CSV mapping only for the csv format, with "\\t" as a tab', () => {
    const state = { ...emptyFeedForm(), name: 'x', title: 'X', format: 'csv' };
    state.csv = { ...state.csv, value: ' ioc ', port: 'dst_port', delimiter: '\\t' };
    const r = readFeedForm(state);
    expect(r.ok && r.input.csv).toEqual({ value: 'ioc', port: 'dst_port', delimiter: '\t' });
    const plain = readFeedForm({ ...state, format: 'plain' });
    expect(plain.ok && plain.input.csv).toBe(undefined);
  });
});

describe('editing', () => {
  it('round-trips a stored source without changes', () => {
    const state = feedFormFromView(stored);
    expect(state.csv.delimiter).toBe('\\t');
    expect(state.maxMegabytes).toBe('1.431');
    const r = readFeedForm(state, stored);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The exact byte limit is kept when its text was not touched.
    expect(r.input.maxBytes).toBe(1_500_000);
    expect(feedPatch(stored, r.input)).toEqual({});
  });
  it('sends only what changed, never the name', () => {
    const state = {
      ...feedFormFromView(stored),
      name: 'renamed',
      title: 'Feodo',
      scheduleMinutes: '',
      maxMegabytes: '10',
    };
    const r = readFeedForm(state, stored);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(feedPatch(stored, r.input)).toEqual({
      title: 'Feodo',
      scheduleMinutes: null,
      maxBytes: 10 * 1024 * 1024,
    });
  });
  it('sends every field but the name in an update', () => {
    const r = readFeedForm({ ...feedFormFromView(stored), title: 'Feodo' }, stored);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const body = feedUpdateBody(r.input);
    expect(body).not.toHaveProperty('name');
    expect(body).toMatchObject({
      title: 'Feodo',
      location: stored.location,
      scheduleMinutes: 60,
      defaultThreatType: 'c2',
      defaultConfidence: 80,
      maxBytes: 1_500_000,
      csv: stored.csv,
    });
  });
  it('notices a changed CSV mapping', () => {
    const state = feedFormFromView(stored);
    state.csv = { ...state.csv, family: '' };
    const r = readFeedForm(state, stored);
    expect(r.ok && feedPatch(stored, r.input)).toEqual({ csv: { value: 'dst_ip', delimiter: '\t' } });
  });
});
