/* Search scorer of the course kit (Sphinx's html_search_scorer), set by creditlab.sphinxext.debate.
 *
 * Sphinx's default weights, plus one rule: the debate studio's pages, which repeat the
 * subject's vocabulary in dozens of cards and case files, rank a little below the chapters,
 * so that a general search lists the chapters first and the studio's pages after them. */
var Scorer = {
  score: function (result) {
    var docname = result[0], score = result[4];
    return docname.indexOf("book/debate/") === 0 ? score - 3 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
