// Placeholder until this page is built.
export function TicketPage() {
  return <main>TicketPage</main>;
}
