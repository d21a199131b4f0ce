const { src, dest } = require('gulp');

/** n8n loads node and credential icons from dist, next to the compiled files that reference them. */
function buildIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
