import type { ConfigFormat, ConfigReader } from './reader';

/** The reader for each format; a format without one is detected and reported, not guessed at. */
export const READERS: Partial<Record<ConfigFormat, ConfigReader>> = {};
