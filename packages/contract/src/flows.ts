// The operator's side of app flows (/api/chats/:id/flow): the conversation's current step, taking the
// conversation over from the flow and handing it back.

/** The bot flow running in a conversation. */
export interface ChatFlow {
  /** The app whose flow it is. */
  app: string;
  flow: string;
  step: string;
  started_at: string;
  updated_at: string;
  expires_at: string;
  /** An operator took the conversation over: the customer's messages wait for them. */
  paused: boolean;
  paused_by: number | null;
  paused_at: string | null;
}

/** GET /api/chats/:id/flow: null when no flow runs. */
export interface ChatFlowAnswer {
  flow: ChatFlow | null;
}

/** POST /api/chats/:id/flow/take-over and /hand-back. */
export interface ChatFlowChanged {
  flow: ChatFlow;
}
