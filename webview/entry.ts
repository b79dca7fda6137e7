import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import './style.css';
import { PanelController } from './controller';
import { element } from './dom';
import { listenToHost } from './hostMessages';
import { sanitizeState } from './state';
import { acquireApi } from './vscodeApi';

/*
 * The webview's entry point: the web components and styles it uses, the VS Code API and the
 * saved view state, the panel (controller.ts) and the host's messages (hostMessages.ts).
 */

const vscode = acquireApi();
// The host's page has an empty <div id="app">; a bare page gets one.
const app = document.getElementById('app') ?? document.body.appendChild(element('div'));
app.classList.add('app');
const panel = new PanelController(app, vscode, sanitizeState(vscode.getState()));
listenToHost(window, panel);
panel.start();
