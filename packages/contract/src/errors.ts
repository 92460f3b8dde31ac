// The API's one error shape, `{ error: { code, message } }`, and every code it may carry.
// Plain data (no zod) so the web app can import it at run time without pulling in the schemas.

/**
 * Every machine code an error answer may carry. Clients act on the code (the web app maps it to a
 * localized text); the English `message` beside it is for people reading the raw API and for logs.
 * Adding a code: add it here, then its texts in web/src/lib/locales (`errors.<code>`).
 */
export const errorCodes = [
  // Any route
  'bad_request',
  'invalid_input',
  'invalid_value',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'conflict',
  'internal',
  'busy',
  'invalid_cursor',
  'csrf_failed',
  'too_many_attempts',
  // Who is calling
  'not_authenticated',
  'unknown_token',
  'invalid_token',
  'forbidden',
  'wrong_password',
  'setup_done',
  'self_change',
  'email_taken',
  'email_missing',
  'wrong_setup_code',
  'expiry_in_past',
  'invite_expired',
  'invite_used',
  'invite_revoked',
  // Messengers' webhooks
  'wrong_secret',
  'wrong_signature',
  'wrong_verify_token',
  'not_an_update',
  'unknown_bot',
  'account_cannot_broadcast',
  'unknown_segment_field',
  'segment_operator_not_allowed',
  'invalid_segment_value',
  'media_not_allowed',
  'no_bot',
  'missing_token',
  'unknown_kind',
  'invalid_intake_mode',
  'messenger_unreachable',
  'already_connected',
  'token_from_env',
  'different_bot',
  'public_url_required',
  'token_required',
  'token_not_enough',
  'no_flow',
  // The inbox
  'not_an_operator',
  'not_allowed',
  'duplicate_has_records',
  'text_too_long',
  'invalid_album',
  'file_too_large',
  'form_too_large',
  'malformed_multipart',
  'upload_missing',
  'too_many_files',
  'unknown_assignee',
  'unknown_team',
  'not_in_team',
  'team_exists',
  'label_exists',
  'shortcut_exists',
  'unknown_variable',
  'macro_exists',
  'cannot_mention',
  'view_exists',
  'unknown_attribute',
  'attribute_exists',
  'attribute_type_mismatch',
  'attribute_option_invalid',
  'same_contact',
  'no_conversation',
  'empty_text',
  'caption_too_long',
  'not_supported',
  'not_available',
  'no_file',
  'empty_file',
  'file_refused',
  'bad_recording',
  'invalid_media_path',
  'media_not_ready',
  'media_gone',
  'not_retryable',
  // Changing or deleting a sent message (inbox/message-edits.ts)
  'message_not_editable',
  'cannot_edit',
  'cannot_delete',
  'edit_refused',
  'cannot_react',
  'reaction_refused',
  // Broadcasts and scheduled messages
  'broadcast_state',
  'send_at_in_past',
  'no_recipients',
  // Apps (linking, tickets, the client portal)
  'not_linked',
  'already_client',
  'client_required',
  'client_disabled',
  'invitation_invalid',
  'invoice_too_large',
  'bot_off',
  'linking_off',
  'client_not_linked',
  'amount_too_large',
  'number_taken',
  'invalid_transition',
  // Field dispatch (AmoCRM)
  'amocrm_not_configured',
  'amocrm_refused',
  'amocrm_unreachable',
  'visit_overlap',
  // Channels: replying, and accounts that sign in step by step (a personal Telegram account)
  'cannot_reply',
  'invalid_settings',
  'no_login',
  'wrong_login_step',
  'code_not_sent',
  'code_unavailable',
  'resend_too_early',
  'invalid_code',
  'code_expired',
  'flood_wait',
  'invalid_phone',
  'phone_unoccupied',
  'phone_banned',
  'invalid_api_credentials',
  'session_revoked',
  'telegram_unreachable',
  'telegram_error',
  // The clinic app (apps/clinic)
  'import_invalid',
  'slot_taken',
  'slot_not_offered',
  'patient_not_registered',
  'iin_override_needless',
  'invoice_not_payable',
  'payment_provider_missing',
  'payment_provider_failed',
  'payment_callback_refused',
  'clinic_record_in_use',
  'schedule_overlap',
  // Starting a chat from an account (by phone number or username)
  'cannot_start_chat',
  'person_not_found',
  'account_not_connected',
  'send_limited',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The body of every 4xx and 5xx answer of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

const known = new Set<string>(errorCodes);

/** Whether a code read off the wire is one this contract lists (an older or newer server may send others). */
export function isErrorCode(code: string): code is ErrorCode {
  return known.has(code);
}
