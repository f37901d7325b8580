// The one entry point to @peculiar/x509 and pkijs: loads the Reflect polyfill first and binds both to Node's webcrypto.
// reflect-metadata must be a package import (not inlined code): in the server bundle, imports of
// external packages run before any inlined module, and @peculiar/x509 needs Reflect at load time.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

x509.cryptoProvider.set(globalThis.crypto);
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));

export { x509, pkijs };
