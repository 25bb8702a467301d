// The fork is the official twitter-text 3.1 source built against core-js-pure; it has the same API.
declare module '@ambassify/twitter-text' {
  import twitterText from 'twitter-text';
  export default twitterText;
}
