// Placeholder until this page is built.
export function ContactsPage() {
  return <main>ContactsPage</main>;
}
