/*
 * Restricted Mode: the bundled extension in the fake `vscode` module with an untrusted
 * workspace. Run live is off (the view says why, a runLive from the page and the Run Live
 * command are refused before anything opens), and granting trust turns it on without a reload.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveButtonState, liveNoteFor } from '../../webview/live/liveModel';
import type { RouteView } from '../../webview/protocol/messages';
import { parseToWebview } from '../../webview/protocol/validation';
import { activated, handlesAfterClose, liveEnded, networkHandles, nextPosted, ROUTE, shownRoute } from './activated';

const liveRuns = (fake: ReturnType<typeof activated>): unknown[] => fake.record.progress.filter((entry) => entry.title.startsWith('Run live'));

describe('Run live in Restricted Mode', () => {
  it('says in the panel\'s live controls that Run live is off and why, and refuses a runLive from the page before opening anything', async () => {
    const before = networkHandles();
    const { fake, panel, view } = await shownRoute({ trusted: false });
    assert.equal(view.live?.supported, false);
    const reason = view.live && !view.live.supported ? view.live.reason : '';
    assert.match(reason, /^Run live is off in Restricted Mode: it opens sockets .*\. Trust this workspace to use it\.$/);
    assert.deepEqual(view.live, { supported: false, reason, restrictedMode: true });
    // What the page receives passes its validation, and its live controls show the sentence itself.
    const parsed = parseToWebview(panel.posted.find((message) => message.type === 'show'));
    assert.ok(parsed.ok && parsed.value.type === 'show');
    assert.deepEqual(liveNoteFor(parsed.value.view), { text: reason, title: reason });
    assert.deepEqual(liveButtonState(parsed.value.view, false), { label: 'Run live', disabled: true, tooltip: reason });

    const ended = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE, client: 'node' });
    assert.equal((await ended).message, reason);
    assert.deepEqual(liveRuns(fake), [], 'no live run started');
    assert.equal(fake.extension.commands.live.busy, false);
    assert.ok(fake.record.log.some((line) => line.includes(`refused to run ${ROUTE} live: the workspace is not trusted`)), fake.record.log.join('\n'));
    assert.deepEqual(networkHandles(), before, 'no server or socket opened');
  });

  it('refuses the Run Live command with the reason, then offers and runs it once the workspace is trusted', { timeout: 30_000 }, async () => {
    const before = networkHandles();
    const { fake, panel, view } = await shownRoute({ trusted: false });
    const reason = view.live && !view.live.supported ? view.live.reason : '';
    assert.deepEqual(await fake.executeCommand('apigwSim.runLive'), { message: reason });
    assert.ok(fake.record.messages.includes(reason), 'the user is told why');
    assert.deepEqual(liveRuns(fake), []);

    // Trust granted: the panel is sent its view again, now with Run live offered.
    const shown = nextPosted(panel, (message) => message.type === 'show');
    fake.grantTrust();
    const again = (await shown) as unknown as { view: RouteView };
    assert.deepEqual(again.view.live, { supported: true });
    assert.equal(liveNoteFor(again.view).text, '');

    const outcome = await fake.executeCommand<{ view?: { measured?: unknown }; message?: string }>('apigwSim.runLive');
    assert.equal(outcome.message, undefined, `measured: ${String(outcome.message)}`);
    assert.ok(outcome.view?.measured, 'the command ran the shown route live');
    assert.equal(liveRuns(fake).length, 1);
    assert.ok(panel.posted.some((message) => message.type === 'show' && (message as unknown as { view: RouteView }).view.measured), 'the panel shows the measurement');
    await fake.extension.commands.live.settled();
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('asks for a simulated route when Run Live is run with no panel open', async () => {
    const fake = activated({ webviews: true });
    assert.equal(await fake.executeCommand('apigwSim.runLive'), undefined);
    assert.ok(fake.record.messages.some((message) => /^Simulate a route first/.test(message)), fake.record.messages.join('\n'));
    assert.deepEqual(liveRuns(fake), []);
  });
});
