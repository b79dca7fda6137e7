// esbuild bundles imported CSS into out/webview.css; the import itself has no value.
declare module '*.css';
