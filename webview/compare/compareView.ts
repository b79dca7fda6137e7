import { select } from 'd3';
import { appendRow } from '../chartRows';
import { definition, element } from '../dom';
import type { CompareView } from '../protocol/messages';
import { barLayout, chartColumns, type BarRow, type CompareMetric, type CompareModel } from './compareModel';

/*
 * Draws the Compare view: the workload picker, the winner of each measure, one bar chart per
 * measure (bars joined on their keys), the rules of thumb with their verdicts, and every figure
 * in a table, which is also what a screen reader reads instead of the charts.
 */

export interface ComparisonViewCallbacks {
  /** The user picked another workload preset. */
  choose(workload: string): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function apiClass(apiType: string): string {
  return `api-${apiType.toLowerCase()}`;
}

export class ComparisonView {
  private readonly picker: HTMLElementTagNameMap['vscode-single-select'];
  private readonly status: HTMLElement;
  private readonly content: HTMLElement;
  private presets = '';

  constructor(root: HTMLElement, callbacks: ComparisonViewCallbacks) {
    root.classList.add('compare-view');
    const head = element('div', 'compare-head');
    const label = element('label', 'compare-picker-label', 'Workload');
    label.id = 'compare-picker-label';
    this.picker = element('vscode-single-select', 'compare-picker');
    this.picker.setAttribute('aria-labelledby', 'compare-picker-label');
    this.picker.addEventListener('change', () => {
      if (!this.picker.value) return;
      this.status.textContent = `Simulating the ${this.picker.value} workload through REST, HTTP and WebSocket…`;
      callbacks.choose(this.picker.value);
    });
    this.status = element('p', 'compare-status');
    this.status.setAttribute('role', 'status');
    head.append(label, this.picker, this.status);
    this.content = element('div', 'compare-content');
    this.content.append(element('p', 'note', 'Run API Gateway: Compare API Types to compare a workload through the three API types.'));
    root.append(head, this.content);
  }

  /** Draws a model at `width` pixels. */
  show(view: CompareView, model: CompareModel, width: number): void {
    this.updatePicker(view, model.workload);
    this.status.textContent = '';
    const intro = element('div', 'compare-intro');
    intro.append(
      element('p', 'compare-description', model.description),
      element('p', 'compare-figures', model.workloadText),
      element('p', 'compare-source', `From the model: ${model.source}.`),
    );

    const winners = element('dl', 'compare-winners');
    for (const entry of model.metrics) {
      const card = definition(winners, entry.winnerTitle, entry.winners.map((apiType) => model.apiTypes.find((candidate) => candidate.apiType === apiType)?.label ?? apiType).join(' = '));
      card.querySelector('dd')?.append(element('small', undefined, entry.winnerText));
      card.classList.add(...entry.winners.map(apiClass));
    }

    const charts = element('div', 'compare-charts');
    const grid = chartColumns(Math.max(300, width), model.metrics.length);
    charts.style.gridTemplateColumns = `repeat(${grid.columns}, ${grid.width}px)`;
    for (const entry of model.metrics) charts.append(this.chart(entry, model, Math.min(grid.width, 760)));

    const rules = element('ul', 'compare-rules');
    for (const rule of model.rules) {
      const item = element('li', rule.holds ? 'rule holds' : 'rule fails');
      const verdict = element('span', 'verdict', `${rule.holds ? '✓' : '✗'} ${rule.verdict}`);
      const text = element('div', 'rule-text');
      text.append(element('strong', undefined, rule.rule), element('span', 'finding', rule.finding));
      item.append(verdict, text);
      rules.append(item);
    }

    const breaks = element('dl', 'compare-breaks');
    for (const apiType of model.apiTypes) {
      definition(breaks, `${apiType.label} (${apiType.fromConfig ? '' : 'reference '}${apiType.api})`, apiType.breaksFirst);
    }

    // HTTP/1.1 against h2 per request, beside a WebSocket frame: what the header rule of thumb is about.
    const headers = model.headers ? [element('h3', undefined, 'Request headers: HTTP/1.1 and h2'), this.chart(model.headers, model, Math.min(Math.max(300, width), 760))] : [];
    this.content.replaceChildren(
      intro, winners,
      element('h3', undefined, 'Side by side'), charts, ...headers,
      element('h3', undefined, 'Rules of thumb, checked'), rules,
      element('h3', undefined, 'What breaks first'), breaks,
      element('h3', undefined, 'All figures'), this.table(model),
    );
  }

  private updatePicker(view: CompareView, chosen: string): void {
    const presets = JSON.stringify(view.presets);
    if (presets !== this.presets) {
      this.presets = presets;
      const options = view.presets.map((preset) => {
        const option = element('vscode-option', undefined, preset.name);
        option.value = preset.name;
        option.description = preset.description;
        return option;
      });
      // A workload from a file is not a preset: it is listed too, so the picker shows it.
      if (!view.presets.some((preset) => preset.name === chosen)) {
        const option = element('vscode-option', undefined, chosen);
        option.value = chosen;
        options.unshift(option);
      }
      this.picker.replaceChildren(...options);
    }
    for (const option of this.picker.querySelectorAll('vscode-option')) option.selected = option.value === chosen;
    this.picker.value = chosen;
  }

  private chart(entry: CompareMetric, model: CompareModel, width: number): HTMLElement {
    const figure = element('figure', `compare-chart chart-${entry.id}`);
    const caption = element('figcaption');
    caption.append(element('strong', undefined, entry.title), document.createTextNode(' '), element('span', 'note', entry.note));
    const layout = barLayout(entry, width, model.apiTypes.map((apiType) => apiType.apiType));
    const svg = select(document.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
      .attr('width', layout.width).attr('height', layout.height)
      .attr('role', 'img').attr('aria-label', entry.ariaLabel);
    svg.selectAll('line.separator').data(layout.separators).join('line').attr('class', 'separator')
      .attr('x1', 0).attr('x2', layout.width).attr('y1', (y) => y).attr('y2', (y) => y);
    const rows = svg.selectAll<SVGGElement, BarRow>('g.bar-row')
      .data(layout.rows, (row) => row.key)
      .join((enter) => appendRow(enter, [['title'], ['text', 'api-label'], ['text', 'series-label'], ['rect', 'bar'], ['text', 'value']]));
    const middle = layout.barHeight / 2 + 4;
    rows.attr('class', (row) => `bar-row ${apiClass(row.apiType)}${row.winner ? ' winner' : ''}`)
      .attr('transform', (row) => `translate(0,${row.y})`);
    rows.select('title').text((row) => `${row.apiLabel?.replace('★ ', '') ?? ''} ${entry.series.find((series) => series.id === row.series)?.description ?? ''}: ${row.text}`.trim());
    rows.select('.api-label').attr('x', 0).attr('y', middle).text((row) => row.apiLabel ?? '');
    rows.select('.series-label').attr('x', layout.plotLeft - 6).attr('y', middle).attr('text-anchor', 'end').text((row) => row.seriesLabel);
    rows.select('.bar').attr('x', layout.plotLeft).attr('y', 0).attr('height', layout.barHeight).attr('width', (row) => row.width).attr('rx', 2);
    rows.select('.value')
      .attr('x', (row) => (row.textInside ? layout.plotLeft + row.width - 5 : layout.plotLeft + row.width + 5))
      .attr('y', middle)
      .attr('text-anchor', (row) => (row.textInside ? 'end' : 'start'))
      .classed('inside', (row) => row.textInside)
      .text((row) => row.text);
    figure.append(caption, svg.node() as SVGSVGElement);
    return figure;
  }

  private table(model: CompareModel): HTMLElement {
    const scroller = element('div', 'compare-table-scroller');
    const table = element('table', 'compare-table');
    table.append(element('caption', undefined, `Every figure for the ${model.workload} workload; the best of each measured row is marked ★.`));
    const head = element('tr');
    for (const [index, title] of model.table.head.entries()) {
      const cell = element('th', index === 0 ? undefined : 'numeric', title);
      cell.scope = 'col';
      head.append(cell);
    }
    const body = element('tbody');
    for (const row of model.table.rows) {
      const line = element('tr');
      const header = element('th', undefined, row.header);
      header.scope = 'row';
      line.append(header, ...row.cells.map((cell, index) => element('td', `numeric${row.best[index] ? ' best' : ''}`, row.best[index] ? `★ ${cell}` : cell)));
      body.append(line);
    }
    table.append(element('thead'), body);
    table.tHead?.append(head);
    scroller.append(table);
    return scroller;
  }
}
