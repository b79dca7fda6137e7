/* What the workbench test reads inside the simulation webview (webviewProbe.ts fills it in). */

export interface LabelContrast {
  text: string;
  /** WCAG 2.x contrast ratio of the label's colour against what is behind it. */
  ratio: number;
}

export interface WebviewReading {
  /** The route the panel shows, e.g. `shop-orders · POST /orders`. */
  title: string;
  /** The sequence diagram's participants, full labels. */
  participants: string[];
  /** Every message of the sequence diagram (scrolled through), as its aria-label: `t: A to B, layer name, bytes`. */
  messages: string[];
  /** Every visible label of the shown diagram, with its contrast. */
  contrast: LabelContrast[];
  /** Pairs of visible labels that overlap each other. */
  overlaps: string[];
  /** Labels cut off where no scrolling can show the rest (the diagram ends there). */
  clipped: string[];
  /** Labels cut by a container's edge, readable after scrolling sideways. */
  scrolledOff: string[];
  /** Labels drawn under a box of the flow diagram they do not belong to. */
  underBoxes: string[];
  /** The flow diagram, when it is the shown tab. */
  flow?: { nodes: string[]; hops: number };
}
