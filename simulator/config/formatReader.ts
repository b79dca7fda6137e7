import type { GatewayModel } from '../model/gateway';
import type { Findings } from './findings';
import type { PNode } from './tree';

/*
 * What a format's reader is given and gives back: the contract every reader in the format
 * folders (cloudformation/, openapi/, serverless/, terraform/) fulfils.
 */

export interface ReaderContext {
  file: string;
  findings: Findings;
  /** Reads a file next to the config (DefinitionUri, templatefile): its text and path, or undefined when it does not exist. */
  readSibling: (relativePath: string) => { text: string; file: string } | undefined;
}

/**
 * A format's reader: it gets the positioned tree (YAML/JSON formats) or only the raw text
 * (Terraform), builds the gateway model with every element's location, and reports what it
 * cannot follow as findings rather than guessing.
 */
export type ConfigReader = (input: { text: string; tree: PNode | undefined }, context: ReaderContext) => GatewayModel;
