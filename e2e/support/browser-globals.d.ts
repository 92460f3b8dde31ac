// Callbacks given to page.evaluate run in the browser. The e2e project cannot take the DOM lib
// (the server code it imports would then see DOM stream types), so the few browser globals those
// callbacks touch are declared loosely here.
declare const document: any;
declare const window: any;
declare function requestAnimationFrame(callback: (time: number) => void): number;
declare const MutationObserver: any;
// lib/api.ts uploads with it (upload progress); this project type-checks that file too.
declare const XMLHttpRequest: any;
type HTMLElement = any;
