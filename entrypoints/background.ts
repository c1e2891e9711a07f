export default defineBackground(() => {
  // Listeners are registered synchronously here and delegate to lib/ (filled in below).
});
