import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ParameterError, SimulatorError } from '../../simulator/errors';
import { LiveError } from '../../simulator/live/liveError';
import { FrameParser, FrameParseError } from '../../simulator/net/websocket';
import { run } from '../../simulator/cli/main';

describe('one error root', () => {
  it('gives a frame the parser refuses a SimulatorError with ws\'s code and the close status', () => {
    // An unmasked text frame with the reserved opcode 0x3.
    const parser = new FrameParser();
    assert.throws(() => parser.push(Uint8Array.from([0x83, 0x00])), (error: unknown) =>
      error instanceof SimulatorError && error instanceof FrameParseError && error.code === 'WS_ERR_INVALID_OPCODE' && error.closeCode === 1002 && error.name === 'FrameParseError');
  });

  it('makes live, config and parameter errors SimulatorErrors with their codes', () => {
    for (const [error, code] of [
      [new LiveError('LIVE_ABORTED', 'aborted'), 'LIVE_ABORTED'],
      [new ConfigError({ file: 'a.yaml', line: 1, column: 1 }, 'broken'), 'INVALID_CONFIG'],
      [new ParameterError('rate', -1, 'a rate of 0 or more'), 'INVALID_PARAMETER'],
    ] as const) {
      assert.ok(error instanceof SimulatorError);
      assert.equal(error.code, code);
    }
  });

  it('answers a command line the CLI cannot read with the usage, exit code 2', () => {
    const output = run(['simulate']);
    assert.equal(output.exitCode, 2);
    assert.match(output.output, /^apigw-sim: simulate: missing <config>\n\nUsage:/);
  });
});
