import type { Layer } from '../../simulator/trace/trace';
import { element } from '../dom';
import { LAYER_LABELS, LAYERS, layerClass } from '../drawing/layers';
import { LIVE_CLIENT_LABELS, liveButtonState } from '../live/liveModel';
import type { LiveClient, RouteView } from '../protocol/messages';
import { isLiveClient, LIVE_CLIENTS } from '../protocol/validation';
import type { TimeScale } from '../drawing/sequenceLayout';
import type { TabId } from '../state';
import { scenarioCaption, scenarioOptions, TIME_SCALES } from './toolbarModel';

/*
 * The toolbar: the route's title, the layer toggles, and the controls that sit right of the
 * tab headers (`addons`): the time scale, the scenario, Re-simulate, Run live and its status.
 * It draws what it is told and reports what the user did; the controller owns the state.
 */

export interface ToolbarCallbacks {
  /** A layer toggle changed: whether `layer` is now shown. */
  layerToggled(layer: Layer, shown: boolean): void;
  /** A time scale radio was checked (it may be the scale already shown). */
  timeScaleChosen(timeScale: TimeScale): void;
  /** Re-simulate, with the scenario select's value. */
  resimulate(selected: string): void;
  runLive(): void;
  /** The user picked the client Run live plays the route with. */
  liveClientChosen(client: LiveClient): void;
  /** The "Critical path" toggle was pressed: whether the diagram should now highlight it. */
  criticalPathToggled(shown: boolean): void;
}

export class Toolbar {
  /** The toolbar row, above the tabs. */
  readonly element = element('header', 'toolbar');
  /** The controls right of the tab headers; in a narrow panel they move into the toolbar row. */
  readonly addons = element('div', 'tab-addons');
  private readonly title = element('h1', undefined, 'API Gateway traffic');
  private readonly apiBadge = element('span', 'api-badge');
  private readonly scenarioText = element('span', 'scenario-text');
  private readonly layerToggles = element('div', 'layer-toggles');
  private readonly timeScale = element('vscode-radio-group', 'time-scale');
  // A toggle button (aria-pressed): the diagram highlights the critical path of the selected request.
  private readonly criticalPathButton = element('vscode-button', 'critical-path-toggle', 'Critical path');
  private readonly scenarioSelect = element('vscode-single-select', 'scenario-select');
  private readonly resimulateButton = element('vscode-button', 'resimulate', 'Re-simulate');
  // Which real client plays the route (the harness's three), next to the button it goes with.
  private readonly liveClientSelect = element('vscode-single-select', 'live-client');
  // "Run live": the host runs the shown scenario for real on 127.0.0.1 and sends the measurement back.
  private readonly runLiveButton = element('vscode-button', 'run-live', 'Run live');
  private readonly liveNote = element('span', 'live-note');

  constructor(initial: { layers: readonly Layer[]; timeScale: TimeScale; criticalPath?: true; liveClient?: LiveClient }, callbacks: ToolbarCallbacks) {
    const titleBlock = element('div', 'route-title');
    titleBlock.append(this.title, this.apiBadge, this.scenarioText);

    this.layerToggles.setAttribute('role', 'group');
    this.layerToggles.setAttribute('aria-label', 'Layers to show');
    for (const layer of LAYERS) {
      const checkbox = element('vscode-checkbox', `layer-toggle ${layerClass(layer)}`);
      checkbox.append(element('span', `swatch ${layerClass(layer)}`), document.createTextNode(LAYER_LABELS[layer]));
      checkbox.checked = initial.layers.includes(layer);
      checkbox.addEventListener('change', () => callbacks.layerToggled(layer, checkbox.checked));
      this.layerToggles.append(checkbox);
    }

    this.timeScale.setAttribute('aria-label', 'Time scale');
    for (const [value, text] of TIME_SCALES) {
      const radio = element('vscode-radio', undefined, text);
      radio.name = 'time-scale';
      radio.value = value;
      radio.checked = initial.timeScale === value;
      radio.addEventListener('change', () => {
        if (radio.checked) callbacks.timeScaleChosen(value);
      });
      this.timeScale.append(radio);
    }

    this.criticalPathButton.setAttribute('secondary', '');
    this.setCriticalPath(initial.criticalPath === true, undefined);
    this.criticalPathButton.addEventListener('click', () => callbacks.criticalPathToggled(this.criticalPathButton.getAttribute('aria-pressed') !== 'true'));

    this.scenarioSelect.setAttribute('aria-label', 'Scenario to simulate');
    this.resimulateButton.addEventListener('click', () => callbacks.resimulate(this.scenarioSelect.value));
    this.liveClientSelect.setAttribute('aria-label', 'Client that Run live plays the route with');
    this.liveClientSelect.title = 'The real program that plays the route in Run live: Node\'s https and ws, curl, or headless Chromium';
    const client = initial.liveClient ?? 'node';
    this.liveClientSelect.options = LIVE_CLIENTS.map((value) => ({ label: LIVE_CLIENT_LABELS[value], value, selected: value === client }));
    this.liveClientSelect.value = client;
    this.liveClientSelect.addEventListener('change', () => {
      if (isLiveClient(this.liveClientSelect.value)) callbacks.liveClientChosen(this.liveClientSelect.value);
    });
    this.runLiveButton.setAttribute('secondary', '');
    this.liveNote.setAttribute('role', 'status');
    this.runLiveButton.addEventListener('click', () => {
      if (!this.runLiveButton.disabled) callbacks.runLive();
    });
    this.element.append(titleBlock, this.layerToggles);

    this.addons.slot = 'addons';
    this.addons.append(this.timeScale, this.criticalPathButton, this.scenarioSelect, this.resimulateButton, this.liveClientSelect, this.runLiveButton, this.liveNote);
  }

  /** Shows which controls belong on `tab`: layers and scenarios only with a route and off Compare, the time scale on the diagram. */
  showControlsFor(tab: TabId, hasRoute: boolean): void {
    this.timeScale.hidden = tab !== 'sequence';
    this.criticalPathButton.hidden = tab !== 'sequence' || !hasRoute;
    // Layers and scenarios belong to the route views; the comparison has neither.
    const routeControls = tab !== 'compare' && hasRoute;
    this.layerToggles.hidden = !routeControls;
    this.scenarioSelect.hidden = !routeControls;
    this.resimulateButton.hidden = !routeControls;
    this.runLiveButton.hidden = !routeControls;
    this.liveClientSelect.hidden = !routeControls;
    this.liveNote.hidden = !routeControls;
  }

  /** The title, caption, live status and scenarios of a newly shown route. */
  showRoute(view: RouteView, scenario: string | undefined, note: { text: string; title: string }, liveRunning: boolean, client: LiveClient): void {
    this.title.textContent = view.title;
    this.apiBadge.textContent = view.apiType;
    const caption = scenarioCaption(view);
    this.scenarioText.textContent = caption.text;
    this.scenarioText.title = caption.title;
    this.liveNote.textContent = note.text;
    this.liveNote.title = note.title;
    this.showLiveButton(view, liveRunning, client);
    const { options, chosen } = scenarioOptions(view, scenario);
    // Through the `options` property, not <vscode-option> children: on a slot change the select
    // reads each option's innerText, which forces a layout of the whole diagram drawn just before.
    this.scenarioSelect.options = options;
    this.scenarioSelect.value = chosen;
    // A select renders in a microtask and reads its own position while rendering, which would
    // force a layout of the whole diagram drawn in between (with every row drawn, the larger part
    // of a render). Rendered now, it reads a page that has only the toolbar to lay out, and the
    // diagram is laid out once, in the next frame. Both selects: the client picker too, when its
    // state changed. performUpdate is Lit's documented way to process a pending update
    // synchronously (protected in its types, so the cast); without one pending it does nothing.
    for (const select of [this.scenarioSelect, this.liveClientSelect]) (select as unknown as { performUpdate(): void }).performUpdate();
  }

  /** The title when the comparison is all there is. */
  showCompareTitle(): void {
    this.title.textContent = 'Compare API types';
    this.apiBadge.textContent = '';
    this.scenarioText.textContent = '';
  }

  /** Run live's label, state and tooltip (why it is disabled) from the shown view. */
  showLiveButton(view: RouteView | undefined, running: boolean, client: LiveClient): void {
    const button = liveButtonState(view, running, client);
    // No other client while one runs: the run in flight is the one picked. Set only when it
    // changes: the select's setter asks for a render (and a read of layout, see showRoute) each time.
    if (this.liveClientSelect.disabled !== running) this.liveClientSelect.disabled = running;
    this.runLiveButton.textContent = button.label;
    this.runLiveButton.disabled = button.disabled;
    this.runLiveButton.title = button.tooltip;
    this.runLiveButton.setAttribute('aria-label', button.disabled ? `${button.label} (unavailable: ${button.tooltip})` : button.label);
  }

  /** The toggle's state, and its tooltip: the path it highlights, in words, or what it would do. */
  setCriticalPath(shown: boolean, path: string | undefined): void {
    this.criticalPathButton.setAttribute('aria-pressed', String(shown));
    this.criticalPathButton.toggleAttribute('secondary', !shown);
    this.criticalPathButton.title = shown && path ? `Highlighted: ${path}` : 'Highlight the critical path of the selected request (the first one when none is selected): the chain of waits that set its time to first byte';
  }

  /** The status text beside Run live. */
  setLiveNote(text: string): void {
    this.liveNote.textContent = text;
  }
}
