// The dispatch feature's public entry. Its page (/dispatch: the board, the crew, AmoCRM) loads lazily through app/router.tsx.
export {};
