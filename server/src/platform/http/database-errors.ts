/**
 * The last line behind the route schemas: a PostgreSQL error that says the
 * client's data was unusable (SQLSTATE class 22 "data exception", 54000
 * "program limit exceeded") becomes a 400 with a plain message. The SQL and
 * the engine's own text never reach the client.
 */
const messages: Record<string, string> = {
  '22P02': 'A value has the wrong form for its field (e.g. text where a number or id is expected); check the types of the fields you sent.',
  '22003': 'A number is out of range for its field; send a smaller value.',
  '22021': 'A text contains bytes that are not valid UTF-8; send UTF-8 text.',
  '22P05': 'A text contains a character that cannot be stored (such as \\u0000); remove it.',
  '22007': 'A date or time has the wrong form; send it as ISO 8601 (2026-01-31 or 2026-01-31T12:00:00Z).',
  '22008': 'A date or time is out of range; send a real calendar date.',
  '22001': 'A text is too long for its field; send a shorter one.',
  '22012': 'A value led to a division by zero; check the numbers you sent.',
  '54000': 'A value is too large or too complex to process; send a smaller one.',
};

export interface ClientDataError {
  code: 'invalid_value';
  message: string;
}

/** The 400 answer for a database error caused by the request's data, or undefined for any other error. */
export function clientDataError(error: unknown): ClientDataError | undefined {
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState !== 'string' || !/^(22|54)[0-9A-Z]{3}$/.test(sqlState)) return undefined;
  return {
    code: 'invalid_value',
    message: messages[sqlState] ?? 'A value in the request cannot be stored as sent; check its type, size and characters.',
  };
}
