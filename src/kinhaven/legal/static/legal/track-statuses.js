// The proceeding form: once a track is chosen, only that track's statuses are offered. Each
// status option carries its track (data-track); the status select names the track select
// (data-track-field). Without this script every status shows, grouped by track, and the server
// refuses one that is not the track's (422 naming `status`).
(function () {
  "use strict";

  function offer(track, status) {
    var chosen = track.value;
    var current = status.value;
    var selected = status.options[status.selectedIndex];
    var keep = null;
    Array.prototype.forEach.call(status.options, function (option) {
      if (!option.dataset.track) { return; }
      var mine = option.dataset.track === chosen;
      option.hidden = !mine;
      option.disabled = !mine;
      if (mine && option.value === current && keep === null) { keep = option; }
    });
    Array.prototype.forEach.call(status.querySelectorAll("optgroup"), function (group) {
      var shown = group.querySelector("option:not([disabled])") !== null;
      group.hidden = !shown;
      group.disabled = !shown;
    });
    if (selected && selected.disabled) {
      // The same status in the chosen track (an appeal), or none: the user picks again.
      if (keep) { keep.selected = true; } else { status.value = ""; }
    }
  }

  document.querySelectorAll("select[data-track-field]").forEach(function (status) {
    var track = document.getElementById(status.dataset.trackField);
    if (!track) { return; }
    offer(track, status);
    track.addEventListener("change", function () { offer(track, status); });
  });
})();
