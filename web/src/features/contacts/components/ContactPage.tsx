// Placeholder until this page is built.
export function ContactPage() {
  return <main>ContactPage</main>;
}
