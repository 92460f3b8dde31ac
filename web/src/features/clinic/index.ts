// The clinic feature's public entry. Its pages load lazily through app/router.tsx; nothing else is shared yet.
export {};
