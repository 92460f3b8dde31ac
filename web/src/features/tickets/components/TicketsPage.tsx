// Placeholder until this page is built.
export function TicketsPage() {
  return <main>TicketsPage</main>;
}
