import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { select } from 'd3';
import { element } from '../dom';
import { formatCount } from '../drawing/format';
import { layerClass } from '../drawing/layers';
import { TABLE_COLUMNS, type TableColumn, type TableColumnId, type TableQuery, type TableRow } from './tableModel';

/*
 * Draws the event table as a plain HTML table (rows joined on event ids) with the ARIA grid
 * pattern: sortable column headers with aria-sort, and one roving tab stop among the cells so
 * that arrow keys, Home/End and PageUp/PageDown move through it. Enter on a row shows it in
 * the sequence diagram.
 */

const PAGE_SIZE = 500;

export interface TableViewCallbacks {
  sort(column: TableColumnId): void;
  filter(text: string): void;
  select(eventId: number): void;
  /** Enter or double-click: show the event in the sequence diagram. */
  open(eventId: number): void;
  copyCsv(): void;
}

export class TableView {
  private readonly filterField: HTMLElementTagNameMap['vscode-textfield'];
  private readonly count: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly more: HTMLElement;
  private rows: readonly TableRow[] = [];
  private readonly columns: readonly TableColumn[] = TABLE_COLUMNS;
  private limit = PAGE_SIZE;
  private selectedEventId: number | undefined;
  /** The cell that holds the tab stop: row index into the shown rows, column index. */
  private focusCell = { row: 0, column: 0 };
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, private readonly callbacks: TableViewCallbacks) {
    root.classList.add('table-view');
    const bar = element('div', 'table-toolbar');
    this.filterField = element('vscode-textfield', 'table-filter');
    this.filterField.setAttribute('placeholder', 'Filter: words or "a phrase" (name, participant, layer, detail)');
    this.filterField.setAttribute('aria-label', 'Filter messages');
    this.filterField.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.callbacks.filter(this.filterField.value), 150);
    });
    this.count = element('span', 'table-count');
    this.count.setAttribute('aria-live', 'polite');
    const copy = element('vscode-button', 'copy-csv', 'Copy CSV');
    copy.setAttribute('secondary', '');
    copy.addEventListener('click', () => this.callbacks.copyCsv());
    bar.append(this.filterField, this.count, copy);

    this.table = element('table', 'event-table');
    this.table.setAttribute('role', 'grid');
    this.table.setAttribute('aria-label', 'Messages of the trace');
    this.head = element('thead');
    this.body = element('tbody');
    this.table.append(this.head, this.body);
    this.table.addEventListener('keydown', (event) => this.onKey(event));
    const scroller = element('div', 'table-scroller');
    scroller.append(this.table);
    this.more = element('vscode-button', 'table-more');
    this.more.setAttribute('secondary', '');
    this.more.addEventListener('click', () => {
      this.limit += PAGE_SIZE;
      this.drawRows();
    });
    scroller.append(this.more);
    root.append(bar, scroller);
  }

  show(rows: readonly TableRow[], query: TableQuery, totalEvents: number, selectedEventId: number | undefined): void {
    if (this.rows !== rows) this.limit = PAGE_SIZE;
    this.rows = rows;
    this.selectedEventId = selectedEventId;
    if (this.filterField.value !== query.filter && document.activeElement !== this.filterField) this.filterField.value = query.filter;
    this.count.textContent = rows.length === totalEvents ? `${formatCount(totalEvents)} messages` : `${formatCount(rows.length)} of ${formatCount(totalEvents)} messages`;
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    this.drawHead(query);
    this.drawRows();
  }

  setSelection(eventId: number | undefined): void {
    this.selectedEventId = eventId;
    select(this.body).selectAll<HTMLTableRowElement, TableRow>('tr')
      .classed('selected', (row) => row.eventId === eventId)
      .attr('aria-selected', (row) => String(row.eventId === eventId));
  }

  private drawHead(query: TableQuery): void {
    const row = element('tr');
    row.setAttribute('aria-rowindex', '1');
    for (const column of this.columns) {
      const cell = element('th', column.numeric ? 'numeric' : undefined);
      cell.scope = 'col';
      const sorted = query.sortColumn === column.id;
      cell.setAttribute('aria-sort', sorted ? query.sortDirection : 'none');
      const button = element('button', 'sort', column.label);
      button.type = 'button';
      button.append(element('span', 'sort-indicator', sorted ? (query.sortDirection === 'ascending' ? ' ▲' : ' ▼') : ''));
      button.addEventListener('click', () => this.callbacks.sort(column.id));
      cell.append(button);
      row.append(cell);
    }
    this.head.replaceChildren(row);
  }

  private drawRows(): void {
    const shown = this.rows.slice(0, this.limit);
    const callbacks = this.callbacks;
    const columns = this.columns;
    this.focusCell.row = Math.min(this.focusCell.row, Math.max(0, shown.length - 1));
    select(this.body).selectAll<HTMLTableRowElement, TableRow>('tr')
      // Keyed on the event and what the row shows: another trace (a re-simulation, a live run) redraws a changed row.
      .data(shown, (row) => `${row.eventId}\u0000${columns.map((column) => row.display[column.id]).join('\u0000')}`)
      .join((enter) => enter.append('tr').each(function (row) {
        for (const column of columns) {
          const cell = element('td', column.numeric ? 'numeric' : `column-${column.id}`, row.display[column.id]);
          cell.setAttribute('role', 'gridcell');
          // Long messages are cut with an ellipsis; the full text is the tooltip.
          if (column.id === 'name' || column.id === 'error') cell.title = row.display[column.id];
          cell.tabIndex = -1;
          if (column.id === 'layer') cell.prepend(element('span', `swatch ${layerClass(row.layer)}`));
          this.append(cell);
        }
      })
        .on('click', (_event: MouseEvent, row) => callbacks.select(row.eventId))
        .on('dblclick', (_event: MouseEvent, row) => callbacks.open(row.eventId)))
      .attr('class', (row) => `${layerClass(row.layer)}${row.error ? ' error' : ''}${row.eventId === this.selectedEventId ? ' selected' : ''}`)
      .attr('aria-selected', (row) => String(row.eventId === this.selectedEventId))
      .attr('aria-rowindex', (_row, index) => String(index + 2))
      .order();
    this.updateTabStop(false);
    const hidden = this.rows.length - shown.length;
    this.more.hidden = hidden <= 0;
    this.more.textContent = `Show ${formatCount(Math.min(PAGE_SIZE, hidden))} more of ${formatCount(hidden)}`;
  }

  private cell(row: number, column: number): HTMLTableCellElement | undefined {
    return this.body.rows[row]?.cells[column];
  }

  private updateTabStop(focus: boolean): void {
    for (const cell of this.body.querySelectorAll<HTMLTableCellElement>('td[tabindex="0"]')) cell.tabIndex = -1;
    const cell = this.cell(this.focusCell.row, this.focusCell.column);
    if (!cell) return;
    cell.tabIndex = 0;
    if (focus) cell.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.tagName !== 'TD') return;
    const rowCount = this.body.rows.length;
    const columnCount = this.columns.length;
    const current = { row: (target.parentElement as HTMLTableRowElement).sectionRowIndex, column: (target as HTMLTableCellElement).cellIndex };
    let next = { ...current };
    switch (event.key) {
      case 'ArrowDown': next.row++; break;
      case 'ArrowUp':
        if (current.row === 0) {
          this.head.rows[0]?.cells[current.column]?.querySelector('button')?.focus();
          event.preventDefault();
          return;
        }
        next.row--;
        break;
      case 'ArrowRight': next.column++; break;
      case 'ArrowLeft': next.column--; break;
      case 'Home': next = event.ctrlKey ? { row: 0, column: 0 } : { row: current.row, column: 0 }; break;
      case 'End': next = event.ctrlKey ? { row: rowCount - 1, column: columnCount - 1 } : { row: current.row, column: columnCount - 1 }; break;
      case 'PageDown': next.row += 10; break;
      case 'PageUp': next.row -= 10; break;
      case 'Enter': {
        const row = this.rows[current.row];
        if (row) this.callbacks.open(row.eventId);
        event.preventDefault();
        return;
      }
      case ' ': {
        const row = this.rows[current.row];
        if (row) this.callbacks.select(row.eventId);
        event.preventDefault();
        return;
      }
      default: return;
    }
    event.preventDefault();
    this.focusCell = { row: Math.max(0, Math.min(rowCount - 1, next.row)), column: Math.max(0, Math.min(columnCount - 1, next.column)) };
    this.updateTabStop(true);
    const row = this.rows[this.focusCell.row];
    if (row && this.focusCell.row !== current.row) this.callbacks.select(row.eventId);
  }
}
