// The floor of every cold-start row: node starting, running an empty module and reporting peak RSS.
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
