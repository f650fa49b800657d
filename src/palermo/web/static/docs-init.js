// Starts the vendored Swagger UI on Palermo's own OpenAPI document (/docs). Kept in a file
// so the page runs under the Content-Security-Policy, which allows no inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
