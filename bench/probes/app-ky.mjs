// ky alone, for its bundle size only: one JSON GET.
import ky from 'ky';

console.log(await ky.get(process.env.URL ?? 'http://127.0.0.1:9/user').json());
