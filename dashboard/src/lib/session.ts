// The API key lives in sessionStorage: it survives a reload, not the closing of the tab.
const KEY = 'dni.key';

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string) => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);
