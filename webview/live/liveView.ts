import { element } from '../dom';
import { FIGURE_HEADERS, type LiveSummary, type SummaryRow } from './liveModel';

/*
 * Draws the "Model vs real" section at the top of the Summary tab from liveSummary's strings:
 * a headline, a table per connection of the model's and the real figures (a differing row
 * carries the ≠ sign and the `differs` class), and the sentences of the differences.
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
  section.setAttribute('aria-label', 'Model vs real');
  section.append(element('h3', undefined, 'Model vs real'));
  section.append(element('p', `live-headline ${summary.differences.length === 0 ? 'match-same' : 'match-differs'}`, summary.headline));
  section.append(element('p', 'note', summary.conditions));
  if (summary.differences.length > 0) {
    const list = element('ul', 'live-differences');
    list.setAttribute('aria-label', 'Differences, in words');
    for (const sentence of summary.differences) list.append(element('li', undefined, `≠ ${sentence}`));
    section.append(list);
  }
  for (const connection of summary.connections) {
    const table = summaryTable(`${connection.caption}: each figure of the model and of the real capture`, FIGURE_HEADERS, connection.rows, 2);
    const caption = element('caption', undefined, connection.caption);
    table.prepend(caption);
    section.append(table);
    for (const note of connection.notes) section.append(element('p', 'note', note));
  }
  return section;
}
