// The one entry point to @peculiar/x509 and pkijs: loads the Reflect shim first and binds both to Node's webcrypto.
import './reflect-shim';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

x509.cryptoProvider.set(globalThis.crypto);
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));

export { x509, pkijs };
