/** The simulator's version, as package.json gives it (a test holds the two together): exports name the tool that made them. */
export const SIMULATOR_VERSION = '0.1.0';
