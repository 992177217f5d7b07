'use strict';
// plotly.js's own core: the scatter trace (lines, markers, filled bands), which is all the dashboard draws,
// with every layout component (legend, hover, axes, ...). This is plotly.js's documented way to a partial
// bundle (CUSTOM_BUNDLE.md: choose the traces); the components stay, as they depend on one another.
module.exports = require('plotly.js/lib/core');
