import { element } from '../dom';
import { EXCHANGE_HEADERS, TYPE_HEADERS, type LiveSummary, type SummaryRow } from './liveModel';

/*
 * Draws the "Model vs measured" section at the top of the Summary tab from liveSummary's
 * strings: a headline, per message type and per exchange tables (a differing row carries
 * the ≠ sign and the `differs` class), and the sentences of the differences.
 */

function summaryTable(label: string, headers: readonly string[], rows: readonly SummaryRow[], numericFrom: number): HTMLTableElement {
  const table = element('table', 'layer-table live-table');
  table.setAttribute('aria-label', label);
  const head = element('tr');
  headers.forEach((title, index) => {
    const cell = element('th', index >= numericFrom ? 'numeric' : undefined, title);
    cell.scope = 'col';
    if (index === 0) cell.append(element('span', 'visually-hidden', 'Match'));
    head.append(cell);
  });
  const thead = element('thead');
  thead.append(head);
  const tbody = element('tbody');
  for (const row of rows) {
    const tr = element('tr', row.differs ? 'differs' : undefined);
    row.cells.forEach((text, index) => {
      const cell = element('td', index === 0 ? `match-sign ${row.differs ? 'match-differs' : 'match-same'}` : index >= numericFrom ? 'numeric' : undefined, text);
      if (index === 0) cell.setAttribute('aria-label', row.differs ? 'differs' : 'same');
      tr.append(cell);
    });
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}

/** The section, ready to insert. */
export function liveSummarySection(summary: LiveSummary): HTMLElement {
  const section = element('section', 'live-summary');
  section.setAttribute('aria-label', 'Model vs measured');
  section.append(element('h3', undefined, 'Model vs measured'));
  section.append(element('p', `live-headline ${summary.differences.length === 0 ? 'match-same' : 'match-differs'}`, summary.headline));
  section.append(element('p', 'note', summary.conditions));
  section.append(summaryTable('Bytes per message type, modelled and measured', TYPE_HEADERS, summary.types, 4));
  section.append(summaryTable('Round trips and time to first byte, modelled and measured', EXCHANGE_HEADERS, summary.exchanges, 2));
  if (summary.differences.length > 0) {
    const list = element('ul', 'live-differences');
    for (const sentence of summary.differences) list.append(element('li', undefined, `≠ ${sentence}`));
    section.append(list);
  }
  section.append(element('p', 'note', summary.notMeasured));
  return section;
}
