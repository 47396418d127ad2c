/* Registering an appeal on a consumer's behalf: picking a consumer from the htmx
   look-up fills the hidden ids and the empty contact fields. No inline scripts. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-register]");
    if (!form) return;
    var picked = document.getElementById("consumer-picked");

    function set(name, value) {
      var field = form.elements.namedItem(name);
      if (field) field.value = value || "";
    }
    function fillIfEmpty(name, value) {
      var field = form.elements.namedItem(name);
      if (field && !field.value && value) field.value = value;
    }

    document.addEventListener("click", function (event) {
      var pick = event.target.closest("[data-pick]");
      if (pick) {
        var d = pick.dataset;
        set("consumer_id", d.consumer);
        set("account_id", d.account);
        set("supply_point_id", d.point);
        set("consumer_label", d.label);
        fillIfEmpty("contact_name", d.name);
        fillIfEmpty("contact_phone", d.phone);
        fillIfEmpty("contact_email", d.email);
        fillIfEmpty("contact_postal_address", d.postal);
        fillIfEmpty("address_text", d.address);
        picked.querySelector("[data-picked-label]").textContent = d.label;
        picked.hidden = false;
        document.getElementById("lookup-results").textContent = "";
        picked.focus();
        return;
      }
      if (event.target.closest("[data-unpick]")) {
        ["consumer_id", "account_id", "supply_point_id", "consumer_label"].forEach(function (name) {
          set(name, "");
        });
        picked.hidden = true;
        document.getElementById("consumer-lookup").focus();
      }
    });
  });
})();
