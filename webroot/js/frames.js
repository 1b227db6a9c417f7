// One redraw per animation frame, however many changes arrive in between: the page's tables and chart are
// redrawn through this, never once per message.
'use strict';

// A function that asks for draw() at the next animation frame; asked again before then, it does nothing more.
function onceAFrame(draw) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      draw();
    });
  };
}
