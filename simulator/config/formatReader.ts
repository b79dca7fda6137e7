import type { GatewayModel } from '../model/gateway';
import type { ConfinedRead } from './confinedFile';
import type { Findings } from './findings';
import type { PNode } from './tree';

/*
 * What a format's reader is given and gives back: the contract every reader in the format
 * folders (cloudformation/, openapi/, serverless/, terraform/) fulfils.
 */

export interface ReaderContext {
  file: string;
  findings: Findings;
  /**
   * Reads a file the config names (DefinitionUri, templatefile, `${file()}`), relative to the
   * config's folder, through confinedFile.ts: its text and path, or why it was not read. A
   * reader reports a refusal as a finding at the reference (FILE_NOT_READ, or its own
   * missing-file finding for NOT_FOUND) and never puts anything of the refused file in the model.
   */
  readSibling: (relativePath: string) => ConfinedRead;
}

/**
 * A format's reader: it gets the positioned tree (YAML/JSON formats) or only the raw text
 * (Terraform), builds the gateway model with every element's location, and reports what it
 * cannot follow as findings rather than guessing.
 */
export type ConfigReader = (input: { text: string; tree: PNode | undefined }, context: ReaderContext) => GatewayModel;
