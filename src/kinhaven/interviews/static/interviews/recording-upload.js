// Resumable upload of an interview recording (tus 1.0 core: HEAD for the offset, PATCH to
// append). Sends the file in chunks; the server keeps whole segments, answers the offset to go
// on from, and is asked again (HEAD) after a lost connection.
(function () {
  "use strict";
  var CHUNK = 8 * 1024 * 1024;
  var RETRIES = 20;
  var messages = document.getElementById("upload-messages");
  function say(form, text) { form.querySelector(".upload-status").textContent = text; }
  function text(key) { return messages ? messages.dataset[key] : key; }

  function request(method, url, token, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", token);
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress) { xhr.upload.onprogress = onProgress; }
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(body);
    });
  }

  function offsetOf(xhr) { return parseInt(xhr.getResponseHeader("Upload-Offset"), 10); }
  function pause(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function create(form, token, file) {
    var data = new FormData();
    data.append("size", String(file.size));
    data.append("media_type", file.type);
    var xhr = await request("POST", form.dataset.createUrl, token, {}, data);
    if (xhr.status !== 201) { throw new Error(JSON.parse(xhr.responseText).message); }
    return JSON.parse(xhr.responseText).upload_url;
  }

  async function send(form, token, url, file) {
    var bar = form.querySelector("progress");
    var tus = { "Tus-Resumable": "1.0.0" };
    var failures = 0;
    var offset = offsetOf(await request("HEAD", url, token, tus, null));
    bar.hidden = false;
    if (offset >= file.size) {
      // Every byte is in but the seal was cut short: an empty PATCH at the end seals it.
      await request("PATCH", url, token, {
        "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset),
        "Content-Type": "application/offset+octet-stream"
      }, null);
    }
    while (offset < file.size) {
      try {
        var xhr = await request("PATCH", url, token, {
          "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset),
          "Content-Type": "application/offset+octet-stream"
        }, file.slice(offset, offset + CHUNK), function (e) {
          bar.value = Math.floor(100 * (offset + e.loaded) / file.size);
        });
        if (xhr.status === 204 || xhr.status === 409) {
          offset = offsetOf(xhr);
          failures = 0;
        } else {
          throw new Error(JSON.parse(xhr.responseText).message);
        }
      } catch (err) {
        if (err.message !== "network" || ++failures > RETRIES) { throw err; }
        say(form, text("retry"));
        await pause(Math.min(1000 * failures, 10000));
        offset = offsetOf(await request("HEAD", url, token, tus, null));
      }
      bar.value = Math.floor(100 * offset / file.size);
    }
  }

  document.querySelectorAll("form.recording-upload").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var file = form.querySelector("input[type=file]").files[0];
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      var button = form.querySelector("button");
      if (!file) { return; }
      if (form.dataset.size && Number(form.dataset.size) !== file.size) {
        say(form, text("size"));
        return;
      }
      button.disabled = true;
      try {
        var url = form.dataset.uploadUrl || await create(form, token, file);
        form.dataset.uploadUrl = url;
        await send(form, token, url, file);
        say(form, text("done"));
        window.location.reload();
      } catch (err) {
        say(form, text("failed") + " " + err.message);
        button.disabled = false;
      }
    });
  });
})();
