import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer } from '../../../simulator/trace/trace';
import { LAYERS } from '../../../webview/drawing/layers';
import { csvField, filterTerms, nextSort, TABLE_COLUMNS, tableCsv, tableRows, type TableQuery } from '../../../webview/table/tableModel';
import { faultTrace, orderStatusTrace, productTrace } from '../traces';

const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

function query(overrides: Partial<TableQuery> = {}): TableQuery {
  return { sortColumn: 'id', sortDirection: 'ascending', filter: '', layers: ALL_LAYERS, ...overrides };
}

/** A strict RFC 4180 reader, to check that what tableCsv writes reads back as the same values. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') { field += '"'; index += 2; continue; }
      if (char === '"') { quoted = false; index++; continue; }
      field += char;
      index++;
      continue;
    }
    if (char === '"' && field === '') { quoted = true; index++; continue; }
    if (char === ',') { record.push(field); field = ''; index++; continue; }
    if (char === '\r' && text[index + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; index += 2; continue; }
    assert.ok(char !== '"' && char !== '\n' && char !== '\r', `a bare ${JSON.stringify(char)} at ${index}`);
    field += char;
    index++;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return records;
}

describe('event table model', () => {
  it('has one row per event of the shown layers, in event order', () => {
    const trace = orderStatusTrace();
    assert.deepEqual(tableRows(trace, query()).map((row) => row.eventId), trace.events.map((event) => event.id));
    const layers = new Set<Layer>(['ws']);
    const rows = tableRows(trace, query({ layers }));
    assert.ok(rows.length > 0);
    assert.deepEqual(rows.map((row) => row.eventId), trace.events.filter((event) => event.layer === 'ws').map((event) => event.id));
  });

  it('shows participants by label, times to the microsecond and sizes with separators', () => {
    const trace = productTrace();
    const row = tableRows(trace, query()).find((candidate) => candidate.display.name === 'Certificate');
    assert.ok(row);
    const event = trace.events[row.eventId];
    assert.equal(row.display.from, 'CloudFront edge');
    assert.equal(row.display.to, 'Client');
    assert.equal(row.display.time, event.time.toFixed(3));
    // The certificate chain's size is the TLS model's; the table shows it with a thousands separator.
    assert.ok(event.bytes >= 1000 && event.bytes < 1_000_000, `${event.bytes}`);
    assert.equal(row.display.bytes, `${Math.floor(event.bytes / 1000)},${String(event.bytes % 1000).padStart(3, '0')}`);
    assert.equal(row.values.bytes, event.bytes);
    assert.equal(row.display.layer, 'TLS');
  });

  it('sorts by a column either way, and breaks ties in event order', () => {
    const trace = orderStatusTrace();
    for (const direction of ['ascending', 'descending'] as const) {
      const rows = tableRows(trace, query({ sortColumn: 'bytes', sortDirection: direction }));
      for (let index = 1; index < rows.length; index++) {
        const [previous, current] = [rows[index - 1], rows[index]];
        const order = (current.values.bytes as number) - (previous.values.bytes as number);
        assert.ok(direction === 'ascending' ? order >= 0 : order <= 0, `${direction} at ${index}`);
        if (order === 0) assert.ok(current.eventId > previous.eventId, 'ties keep event order');
      }
    }
  });

  it('sorts text without regard to case, and numbers inside text in numeric order', () => {
    const rows = tableRows(orderStatusTrace(), query({ sortColumn: 'name' }));
    const names = rows.map((row) => row.display.name);
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    assert.deepEqual(names, [...names].sort(collator.compare));
    assert.ok(names.indexOf('ACK') < names.indexOf('Alert (close_notify)'));
  });

  it('filters by every word, in names, participants, details and errors, ignoring case', () => {
    const trace = orderStatusTrace();
    assert.deepEqual(tableRows(trace, query({ filter: 'clienthello' })).map((row) => row.display.name), ['ClientHello']);
    // Words must all match; quotes keep a phrase together.
    const frames = tableRows(trace, query({ filter: 'text frame client' }));
    assert.ok(frames.length >= 4 && frames.every((row) => row.display.name === 'text frame'));
    assert.deepEqual(tableRows(trace, query({ filter: '"switching protocols"' })).map((row) => row.display.name), ['101 Switching Protocols']);
    // A detail value: the subscribe message's text.
    const subscribe = trace.events.find((event) => event.from === 'client' && event.name === 'text frame')!;
    assert.deepEqual(tableRows(trace, query({ filter: 'action":"subscribe' })).map((row) => row.eventId), [subscribe.id]);
    // A participant by label.
    assert.ok(tableRows(trace, query({ filter: 'dynamodb' })).every((row) => /DynamoDB/.test(`${row.display.from} ${row.display.to}`)));
    // An error code.
    const throttled = tableRows(faultTrace('throttled'), query({ filter: 'THROTTLED 429' }));
    assert.ok(throttled.length >= 1 && throttled.every((row) => row.error));
    assert.deepEqual(filterTerms('  GET  "200 OK"  '), ['get', '200 ok']);
  });

  it('toggles the direction on the sorted column, and starts ascending on another', () => {
    assert.deepEqual(nextSort({ sortColumn: 'time', sortDirection: 'ascending' }, 'time'), { sortColumn: 'time', sortDirection: 'descending' });
    assert.deepEqual(nextSort({ sortColumn: 'time', sortDirection: 'descending' }, 'time'), { sortColumn: 'time', sortDirection: 'ascending' });
    assert.deepEqual(nextSort({ sortColumn: 'time', sortDirection: 'descending' }, 'bytes'), { sortColumn: 'bytes', sortDirection: 'ascending' });
  });

  it('quotes CSV fields as RFC 4180 asks and defuses spreadsheet formulas', () => {
    assert.equal(csvField('ClientHello'), 'ClientHello');
    assert.equal(csvField(1789), '1789');
    assert.equal(csvField('SYN, ACK'), '"SYN, ACK"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
    assert.equal(csvField(' padded '), '" padded "');
    assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvField('-1+1'), "'-1+1");
    assert.equal(csvField(Number.NaN), '');
  });

  it('exports the shown rows as CSV that reads back to the same values', () => {
    const trace = faultTrace('throttled');
    const rows = tableRows(trace, query({ sortColumn: 'time', sortDirection: 'descending' }));
    const csv = tableCsv(rows);
    assert.ok(csv.endsWith('\r\n'));
    const records = parseCsv(csv);
    assert.deepEqual(records[0], TABLE_COLUMNS.map((column) => column.csv));
    assert.equal(records.length, rows.length + 1);
    for (const [index, row] of rows.entries()) {
      assert.deepEqual(records[index + 1], TABLE_COLUMNS.map((column) => String(row.values[column.id])), `row ${row.eventId}`);
    }
    // The error column carries code, status and message; "SYN, ACK" survived its comma.
    assert.ok(records.some((record) => record[TABLE_COLUMNS.findIndex((column) => column.id === 'error')].startsWith('THROTTLED (429): ')));
    assert.ok(records.some((record) => record.includes('SYN, ACK')));
  });
});
