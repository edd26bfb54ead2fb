// Every export of the main entry kept (nothing for the bundler to shake off): the entry's whole weight.
import * as registry from 'oauth-registry';

console.log(Object.keys(registry).length);
